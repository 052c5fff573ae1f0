// KOMBIT Programledere: the Azure resources for one environment (atk provision --env <env>).
//
// One user-assigned managed identity is the bot's identity towards the Bot Connector
// (msaAppType UserAssignedMSI), the web app's identity and the identity that reads and writes
// Table and Queue storage. No storage keys, connection strings with keys or client secrets exist:
// the storage account refuses shared-key access, and the app uses DefaultAzureCredential with
// AZURE_CLIENT_ID.
//
// The outputs are written by the toolkit into env/.env.<env> (names as they are here).

@minLength(4)
@maxLength(20)
@description('Used to generate the names of all resources (lowercase letters and digits).')
param resourceBaseName string

@description('Azure region for everything but the bot registration (which is global).')
param location string = resourceGroup().location

@description('App Service plan SKU (Linux). B1 or larger: alwaysOn is not available on F1.')
param webAppSku string

@description('Linux runtime stack of the web app.')
param linuxFxVersion string = 'NODE|24-lts'

@maxLength(42)
@description('Display name of the Azure Bot resource.')
param botDisplayName string

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier. The Teams channel is a standard channel (free on F0).')
param botServiceSku string

@description('Client id of the Entra ID app used for tab single sign-on (aadApp/create).')
param aadAppClientId string

@description('Tenant id of the Entra ID app used for tab single sign-on.')
param aadAppTenantId string

@description('Teams app id (teamsApp/create).')
param teamsAppId string

@description('E-mail domains of KOMBIT staff, comma-separated (e.g. kombit.dk).')
param staffEmailDomains string

@secure()
@minLength(16)
@description('Random secret that keys the pseudonymisation of evaluation answers. Set SECRET_EVALUATION_HASH_KEY in env/.env.<env>.user; never reuse or commit it.')
param evaluationHashKey string

@description('The app\'s id in the organisation\'s Teams app catalogue (Teams admin center > Manage apps > App ID). Empty: the roster\'s people are not reached through Microsoft Graph.')
param graphCatalogAppId string = ''

// The one client secret the app has: the SSO app registration's, with which it calls Microsoft Graph
// (application permissions, admin consent). Empty while Graph is not set up.
@secure()
@description('Client secret of the SSO app registration for Microsoft Graph. Set SECRET_GRAPH_CLIENT_SECRET in env/.env.<env>.user (empty until Graph is set up); never commit it.')
param graphClientSecret string = ''

@allowed([
  'true'
  'false'
])
@description('Send reminders to the Teams activity feed (needs the TeamsActivity.Send permission with admin consent).')
param graphActivityFeed string = 'false'

@description('Tags applied to every resource.')
param tags object = {
  application: 'kombit-programledere'
}

var suffix = uniqueString(resourceGroup().id, resourceBaseName)
var identityName = '${resourceBaseName}-id'
var planName = '${resourceBaseName}-plan'
var webAppName = '${resourceBaseName}-${take(suffix, 6)}'
var botName = '${resourceBaseName}-bot-${take(suffix, 6)}'
var storageName = take('st${replace(toLower(resourceBaseName), '-', '')}${suffix}', 24)
var logAnalyticsName = '${resourceBaseName}-log'
var appInsightsName = '${resourceBaseName}-appi'

// Built-in role definitions (Azure RBAC), see "Azure built-in roles for Storage".
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'npm start'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
  }
}

// App settings as a separate resource, so TAB_ENDPOINT can use the site's real host name.
// These are the only settings the site has: the names are the environment variables the server reads.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    BOT_ID: identity.properties.clientId
    BOT_TYPE: 'UserAssignedMSI'
    BOT_TENANT_ID: identity.properties.tenantId
    AZURE_CLIENT_ID: identity.properties.clientId
    STORAGE_TABLE_ENDPOINT: storage.properties.primaryEndpoints.table
    STORAGE_QUEUE_ENDPOINT: storage.properties.primaryEndpoints.queue
    AAD_APP_CLIENT_ID: aadAppClientId
    AAD_APP_TENANT_ID: aadAppTenantId
    TAB_ENDPOINT: 'https://${webApp.properties.defaultHostName}'
    TEAMS_APP_ID: teamsAppId
    STAFF_EMAIL_DOMAINS: staffEmailDomains
    // Read by App Service's Application Insights agent for Node.js (switched on below), which sends the
    // server's requests, dependencies and its JSON logs on stdout to Application Insights.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
    HOST: '0.0.0.0'
    EVALUATION_HASH_KEY: evaluationHashKey
    DEMO_DATA: 'false'
    PLAYGROUND: 'false'
    GRAPH_CATALOG_APP_ID: graphCatalogAppId
    GRAPH_CLIENT_SECRET: graphClientSecret
    GRAPH_ACTIVITY_FEED: graphActivityFeed
    // Oryx runs `npm install` (and `npm run build` if present) on Linux during zip deploy,
    // so native and platform-specific packages match the server.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  }
  dependsOn: [
    tableRole
    queueRole
  ]
}

// Register the web app as a bot; its identity is the user-assigned managed identity.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

// Connect the bot to Microsoft Teams.
resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// Written by the toolkit into env/.env.<env>; manifest and m365agents.yml use them.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output AZURE_BOT_NAME string = bot.name
output STORAGE_ACCOUNT_NAME string = storage.name
output STORAGE_TABLE_ENDPOINT string = storage.properties.primaryEndpoints.table
output STORAGE_QUEUE_ENDPOINT string = storage.properties.primaryEndpoints.queue
output APPLICATION_INSIGHTS_NAME string = appInsights.name
