using '../main.bicep'

param environmentName = 'dev'
param maximumInstanceCount = 10
param stripePrices = {
  price_dev_pro_replace_me: 'pro'
  price_dev_team_replace_me: 'team'
}
