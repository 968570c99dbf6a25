// Private networking (main.bicep's privateNetworking): a virtual network whose 'app' subnet the Function App joins
// (Flex Consumption VNet integration, delegated to Microsoft.App/environments) and whose 'endpoints' subnet holds a
// private endpoint for each data service: Storage (blob, queue, table), Service Bus and Key Vault, each resolved
// through its privatelink DNS zone. Outbound internet traffic (Stripe's API, Azure Monitor) leaves through a NAT
// gateway, since new subnets have no default outbound access.
param baseName string
param location string
param tags object
param storageAccountId string
param serviceBusNamespaceId string
param keyVaultId string

@description('Address space of the virtual network; the app subnet takes its first /24, the endpoints subnet the second.')
param addressPrefix string = '10.20.0.0/16'

var storageSuffix = environment().suffixes.storage

// One private endpoint per (service, sub-resource), with the DNS zone that resolves it.
var endpoints = [
  { name: 'blob', target: storageAccountId, groupId: 'blob', zone: 'privatelink.blob.${storageSuffix}' }
  { name: 'queue', target: storageAccountId, groupId: 'queue', zone: 'privatelink.queue.${storageSuffix}' }
  { name: 'table', target: storageAccountId, groupId: 'table', zone: 'privatelink.table.${storageSuffix}' }
  { name: 'servicebus', target: serviceBusNamespaceId, groupId: 'namespace', zone: 'privatelink.servicebus.windows.net' }
  { name: 'vault', target: keyVaultId, groupId: 'vault', zone: 'privatelink.vaultcore.azure.net' }
]

resource outboundIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: '${baseName}-nat-ip'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
  }
}

resource nat 'Microsoft.Network/natGateways@2024-05-01' = {
  name: '${baseName}-nat'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIpAddresses: [
      {
        id: outboundIp.id
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${baseName}-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          natGateway: {
            id: nat.id
          }
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for e in endpoints: {
  name: e.zone
  location: 'global'
  tags: tags
}]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for (e, i) in endpoints: {
  parent: zones[i]
  name: '${baseName}-vnet'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [for e in endpoints: {
  name: '${baseName}-pe-${e.name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: vnet.properties.subnets[1].id
    }
    privateLinkServiceConnections: [
      {
        name: e.name
        properties: {
          privateLinkServiceId: e.target
          groupIds: [
            e.groupId
          ]
        }
      }
    ]
  }
}]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [for (e, i) in endpoints: {
  parent: privateEndpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: e.name
        properties: {
          privateDnsZoneId: zones[i].id
        }
      }
    ]
  }
}]

output appSubnetId string = vnet.properties.subnets[0].id
output outboundIpAddress string = outboundIp.properties.ipAddress
