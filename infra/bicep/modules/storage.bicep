// Table Storage for all state, blobs for claim checks and the deployment package, queues and tables for the
// Functions host and Durable Task. Shared-key access is off: identities only.
param name string
param location string
param tags object

@description('Deny every network but the private endpoints and these address ranges (CIDR): main.bicep\'s privateNetworking.')
param denyPublicNetwork bool = false
param allowedIpRanges array = []

var deploymentContainerName = 'app-package'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: denyPublicNetwork && empty(allowedIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: denyPublicNetwork ? 'Deny' : 'Allow'
      bypass: 'None'
      ipRules: [for range in (denyPublicNetwork ? allowedIpRanges : []): {
        value: range
        action: 'Allow'
      }]
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainerName
}

output name string = account.name
output id string = account.id
output deploymentContainerName string = deploymentContainer.name
