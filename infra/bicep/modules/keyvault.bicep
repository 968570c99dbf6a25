// Key Vault for the Stripe webhook secret, the Stripe API key and the admin token. Access by RBAC only; operators
// set the secret values (docs/deploy.md), the app reads them through Key Vault references.
param name string
param location string
param tags object

@description('Deny every network but the private endpoint and these address ranges (CIDR): main.bicep\'s privateNetworking.')
param denyPublicNetwork bool = false
param allowedIpRanges array = []

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    publicNetworkAccess: denyPublicNetwork && empty(allowedIpRanges) ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: denyPublicNetwork ? 'Deny' : 'Allow'
      // App Service resolves Key Vault references through the app's VNet integration, not as a trusted service.
      bypass: 'None'
      ipRules: [for range in (denyPublicNetwork ? allowedIpRanges : []): {
        value: range
      }]
    }
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
