// Sluice in Azure: a Flex Consumption Function App with one user-assigned identity and identity-based connections
// only (no keys, no connection strings), Storage with shared-key access off, Service Bus queues, Key Vault for
// secrets, and Application Insights on Log Analytics. With privateNetworking, the data services are reachable only
// through private endpoints from the app's virtual network (modules/network.bicep). Deploy: docs/deploy.md.
targetScope = 'resourceGroup'

@description('Short environment name; part of every resource name and the Durable Task hub name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Lower-case prefix for resource names (letters and digits).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'sluice'

@description('Most instances the app may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('How long Service Bus remembers message ids for duplicate detection.')
param duplicateDetectionWindow string = 'PT10M'

@description('Stripe price id to Sluice plan (pro or team); a subscription to an unmapped price fails its event until mapped.')
param stripePrices object = {}

@description('Resource ID of an existing action group for the alerts (e-mail, SMS, a webhook to the on-call tool); empty: alerts fire in the portal only.')
param alertActionGroupId string = ''

@description('The runbook the alerts link to: docs/operations.md where your team reads it (its anchors are appended).')
param runbookUrl string = 'docs/operations.md'

@description('Reach Storage, Service Bus and Key Vault only over private endpoints from the app\'s virtual network, and deny every other network (trade-offs: docs/deploy.md). Moves Service Bus to the Premium tier.')
param privateNetworking bool = false

@description('With privateNetworking: address ranges (CIDR) still let through to the data services, such as the operators\' (to set Key Vault secrets) or a deployment agent\'s.')
param allowedIpRanges array = []

var suffix = uniqueString(resourceGroup().id, environmentName)
var baseName = '${namePrefix}-${environmentName}'
var tags = {
  application: 'sluice'
  environment: environmentName
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${baseName}-id'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    baseName: baseName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('${namePrefix}${environmentName}${suffix}', 24)
    location: location
    tags: tags
    denyPublicNetwork: privateNetworking
    allowedIpRanges: allowedIpRanges
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: '${baseName}-${suffix}'
    location: location
    tags: tags
    duplicateDetectionWindow: duplicateDetectionWindow
    denyPublicNetwork: privateNetworking
    allowedIpRanges: allowedIpRanges
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('${namePrefix}-${environmentName}-${suffix}', 24)
    location: location
    tags: tags
    denyPublicNetwork: privateNetworking
    allowedIpRanges: allowedIpRanges
  }
}

module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    baseName: baseName
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
    serviceBusNamespaceId: serviceBus.outputs.id
    keyVaultId: keyVault.outputs.id
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [
    roles
  ]
  params: {
    name: '${baseName}-${suffix}'
    location: location
    tags: tags
    environmentName: environmentName
    maximumInstanceCount: maximumInstanceCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    stripePrices: stripePrices
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultUri: keyVault.outputs.uri
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    subnetId: privateNetworking ? network!.outputs.appSubnetId : ''
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    baseName: baseName
    tags: tags
    actionGroupId: alertActionGroupId
    runbookUrl: runbookUrl
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    serviceBusNamespaceId: serviceBus.outputs.id
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output keyVaultName string = keyVault.outputs.name
output storageAccountName string = storage.outputs.name
output serviceBusNamespace string = serviceBus.outputs.name
output outboundIpAddress string = privateNetworking ? network!.outputs.outboundIpAddress : ''

