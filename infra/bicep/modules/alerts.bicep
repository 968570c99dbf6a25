// Azure Monitor alert rules, one per failure mode of the runbook's at-a-glance table (docs/operations.md, "Alerts"
// gives each threshold and why). Service Bus' own metrics for the queue; the app's OpenTelemetry metrics (the same
// instruments the Server exports at /metrics) as Application Insights customMetrics for the rest.
param baseName string
param tags object

@description('Resource ID of the action group the alerts notify; empty: they fire in the portal only.')
param actionGroupId string

@description('Where the runbook lives; each alert appends its entry\'s anchor.')
param runbookUrl string

param applicationInsightsId string
param serviceBusNamespaceId string

var metricActions = empty(actionGroupId) ? [] : [
  {
    actionGroupId: actionGroupId
  }
]

// A customMetrics series: its rows in the window, with the measure the criterion compares.
var logAlerts = [
  {
    name: 'readiness-failing'
    description: 'A readiness check (tenant validation, the events queue, storage) has reported unhealthy on an instance.'
    query: 'customMetrics | where name == "sluice.health.status" | summarize worst = max(value) by cloud_RoleInstance'
    measure: 'worst'
    threshold: 1
    window: 'PT5M'
    frequency: 'PT5M'
    severity: 1
    anchor: 'readiness-failing'
  }
  {
    name: 'dead-letters'
    description: 'Messages were dead-lettered: each needs a person (fix the cause, then replay it from the dashboard or the API).'
    query: 'customMetrics | where name == "sluice.messages.dead_lettered" | summarize letters = sum(value)'
    measure: 'letters'
    threshold: 0
    window: 'PT15M'
    frequency: 'PT5M'
    severity: 2
    anchor: 'dead-letters-growing'
  }
  {
    name: 'stripe-signature-failures'
    description: 'Stripe webhook deliveries were refused for their signature (a rotated secret, or requests not from Stripe).'
    query: 'customMetrics | where name == "sluice.stripe.webhooks" and tostring(customDimensions.outcome) in ("invalid-signature", "stale-signature") | summarize refused = sum(value)'
    measure: 'refused'
    threshold: 3
    window: 'PT15M'
    frequency: 'PT5M'
    severity: 1
    anchor: 'stripe-webhooks-refused-signature-failures'
  }
  {
    name: 'breaker-open'
    description: 'A storage circuit breaker is open: that dependency failed for half of its recent calls.'
    query: 'customMetrics | where name == "sluice.storage.circuit_state" | summarize state = max(value) by tostring(customDimensions.dependency), tostring(customDimensions.work)'
    measure: 'state'
    threshold: 1
    window: 'PT5M'
    frequency: 'PT1M'
    severity: 1
    anchor: 'circuit-breaker-open'
  }
  {
    name: 'stripe-breaker-open'
    description: 'Calls to Stripe\'s API are refused by the breaker.'
    query: 'customMetrics | where name == "sluice.stripe.circuit_state" | summarize state = min(value)'
    measure: 'state'
    threshold: 1
    window: 'PT5M'
    frequency: 'PT5M'
    severity: 2
    anchor: 'reconciliation-drift-or-errors'
  }
  {
    name: 'reconciliation-errors'
    description: 'A reconciliation run ended with errors.'
    query: 'customMetrics | where name == "sluice.billing.reconciliations" and tostring(customDimensions.outcome) == "with-errors" | summarize runs = sum(value)'
    measure: 'runs'
    threshold: 0
    window: 'PT3H'
    frequency: 'PT1H'
    severity: 2
    anchor: 'reconciliation-drift-or-errors'
  }
  {
    name: 'reconciliation-drift'
    description: 'Reconciliation corrected tenants\' plans: Stripe webhooks are being missed.'
    query: 'customMetrics | where name == "sluice.billing.drift_fixed" | summarize fixed = sum(value)'
    measure: 'fixed'
    threshold: 0
    window: 'PT6H'
    frequency: 'PT1H'
    severity: 3
    anchor: 'reconciliation-drift-or-errors'
  }
  {
    name: 'mcp-sessions-growing'
    description: 'More than 500 live MCP sessions on an instance for 30 minutes.'
    query: 'customMetrics | where name == "sluice.mcp.sessions.active" | summarize fewest = min(value) by cloud_RoleInstance'
    measure: 'fewest'
    threshold: 500
    window: 'PT30M'
    frequency: 'PT15M'
    severity: 3
    anchor: 'mcp-sessions-growing'
  }
  {
    name: 'memory-high'
    description: 'An instance\'s working set stayed above 512 MiB for 15 minutes.'
    query: 'customMetrics | where name == "dotnet.process.memory.working_set" | summarize lowest = min(value) by cloud_RoleInstance'
    measure: 'lowest'
    threshold: 536870912
    window: 'PT15M'
    frequency: 'PT5M'
    severity: 3
    anchor: 'memory-or-threads-growing'
  }
]

resource logAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for alert in logAlerts: {
  name: '${baseName}-${alert.name}'
  location: resourceGroup().location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${baseName}: ${alert.name}'
    description: '${alert.description} Runbook: ${runbookUrl}#${alert.anchor}'
    severity: alert.severity
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: alert.frequency
    windowSize: alert.window
    criteria: {
      allOf: [
        {
          query: alert.query
          timeAggregation: 'Maximum'
          metricMeasureColumn: alert.measure
          operator: 'GreaterThan'
          threshold: alert.threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: empty(actionGroupId) ? [] : [
        actionGroupId
      ]
    }
  }
}]

// The events queue's backlog, from the broker's own metric.
resource backlog 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${baseName}-backlog-growing'
  location: 'global'
  tags: tags
  properties: {
    description: 'More than 1,000 messages have waited in the events queue for 15 minutes: processing does not keep up. Runbook: ${runbookUrl}#events-queue-backlog-growing'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          name: 'ActiveMessages'
          criterionType: 'StaticThresholdCriterion'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                'events'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 1000
          timeAggregation: 'Minimum'
        }
      ]
    }
    actions: metricActions
  }
}
