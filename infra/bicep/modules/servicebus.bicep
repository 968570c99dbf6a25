// Service Bus: the events queue (accepted batches) and the billing queue (Stripe events). Local (SAS) auth is off.
// Duplicate detection needs the Standard tier. Sluice decides when a message is dead-lettered (5 attempts, or 200
// while storage is failing); maxDeliveryCount sits above that as a backstop, and expired messages are dead-lettered,
// never dropped.
param name string
param location string
param tags object
param duplicateDetectionWindow string

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
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
