// The Flex Consumption Function App (.NET 10 isolated). Every connection is identity-based, as the user-assigned
// identity: AzureWebJobsStorage__*, ServiceBus__*, Sluice__Storage__* and telemetry; secrets are Key Vault references.
param name string
param location string
param tags object
param environmentName string
param maximumInstanceCount int
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param serviceBusNamespaceName string
param keyVaultUri string
param applicationInsightsConnectionString string

@description('Subnet the app joins (VNet integration) to reach the data services over private endpoints; empty: none.')
param subnetId string = ''

@description('Stripe price id to Sluice plan (pro or team), for example { price_1Qabc: \'pro\' }.')
param stripePrices object

var stripePriceSettings = [for price in items(stripePrices): { name: 'Sluice__Stripe__Prices__${price.key}', value: price.value }]

var storageSuffix = environment().suffixes.storage
var serviceBusHost = '${serviceBusNamespaceName}.servicebus.windows.net'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd deploys the service named 'functions' in azure.yaml to the resource carrying this tag.
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: 'https://${storageAccountName}.blob.${storageSuffix}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        // The host's own storage (triggers, timers, Durable Task).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // Service Bus triggers and Sluice's sender read the same section.
        { name: 'ServiceBus__fullyQualifiedNamespace', value: serviceBusHost }
        { name: 'ServiceBus__credential', value: 'managedidentity' }
        { name: 'ServiceBus__clientId', value: identityClientId }
        // Sluice's own state.
        { name: 'Sluice__Storage__TableServiceUri', value: 'https://${storageAccountName}.table.${storageSuffix}' }
        { name: 'Sluice__Storage__BlobServiceUri', value: 'https://${storageAccountName}.blob.${storageSuffix}' }
        { name: 'Sluice__Storage__ManagedIdentityClientId', value: identityClientId }
        { name: 'Sluice__Admin__Tokens__operator', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/admin-token)' }
        { name: 'Sluice__Stripe__WebhookSecrets__0', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/stripe-webhook-secret)' }
        { name: 'Sluice__Stripe__ApiKey', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/stripe-api-key)' }
        // One Durable Task hub per environment (host.json reads it as %SLUICE_TASK_HUB%).
        { name: 'SLUICE_TASK_HUB', value: 'sluice${environmentName}' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
      ], stripePriceSettings)
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
