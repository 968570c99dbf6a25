using '../main.bicep'

param environmentName = 'prod'
param maximumInstanceCount = 100
param duplicateDetectionWindow = 'PT30M'
