using '../main.bicep'

param environmentName = 'prod'
param maximumInstanceCount = 100
param duplicateDetectionWindow = 'PT30M'
param stripePrices = {
  price_prod_pro_replace_me: 'pro'
  price_prod_team_replace_me: 'team'
}
