// Service Bus: the events queue (accepted batches) and the billing queue (Stripe events). Local (SAS) auth is off.
// Duplicate detection needs the Standard tier. Sluice decides when a message is dead-lettered (5 attempts, or 200
// while storage is failing); maxDeliveryCount sits above that as a backstop, and expired messages are dead-lettered,
// never dropped.
param name string
param location string
param tags object
param duplicateDetectionWindow string

@description('Deny every network but the private endpoint and these address ranges (CIDR); private endpoints need the Premium tier.')
param denyPublicNetwork bool = false
param allowedIpRanges array = []

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: denyPublicNetwork ? {
    name: 'Premium'
    tier: 'Premium'
    capacity: 1
  } : {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: denyPublicNetwork && empty(allowedIpRanges) ? 'Disabled' : 'Enabled'
  }
}

resource networkRules 'Microsoft.ServiceBus/namespaces/networkRuleSets@2022-10-01-preview' = if (denyPublicNetwork) {
  parent: namespace
  name: 'default'
  properties: {
    defaultAction: 'Deny'
    publicNetworkAccess: empty(allowedIpRanges) ? 'Disabled' : 'Enabled'
    trustedServiceAccessEnabled: false
    ipRules: [for range in allowedIpRanges: {
      ipMask: range
      action: 'Allow'
    }]
  }
}

var queues = [
  {
    name: 'events'
    maxDeliveryCount: 250
  }
  {
    name: 'billing'
    maxDeliveryCount: 20
  }
]

resource queue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = [for q in queues: {
  parent: namespace
  name: q.name
  properties: {
    lockDuration: 'PT1M'
    maxDeliveryCount: q.maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    defaultMessageTimeToLive: 'P14D'
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    enableBatchedOperations: true
  }
}]

output name string = namespace.name
output id string = namespace.id
