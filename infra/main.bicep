// Upgrade Desk on Azure: storage (tables + queues), a Linux App Service running the bot (Node 20),
// and a single-tenant Azure Bot registration with the Microsoft Teams channel.
// Deploy at resource-group scope; see README.md. Outputs in UPPER_CASE are written back to the
// Teams Toolkit environment file by arm/deploy (teamsapp.yml).

targetScope = 'resourceGroup'

@description('Lowercase letters and digits; prefixes every resource name.')
@minLength(3)
@maxLength(16)
param resourceBaseName string

@description('Azure region for the storage account and the App Service.')
param location string = resourceGroup().location

@description('App Service plan SKU. F1 has no Always On; B1 or above keeps the bot warm for timers and notices.')
@allowed([
  'F1'
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'B1'

@description('Globally unique web app name; its host name serves /api/messages and the tab.')
param webAppName string = '${resourceBaseName}-${uniqueString(resourceGroup().id)}'

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string = take(toLower('${resourceBaseName}${uniqueString(resourceGroup().id)}'), 24)

@description('Azure Bot resource name (the bot handle).')
param botServiceName string = '${resourceBaseName}-bot'

@description('Bot name shown in Teams and the Azure portal.')
@maxLength(42)
param botDisplayName string = 'Upgrade Desk'

@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('MicrosoftAppId: client id of the bot\'s single-tenant Microsoft Entra app registration.')
param botAppId string

@description('MicrosoftAppPassword: a client secret of that app registration.')
@secure()
param botAppPassword string

@description('MicrosoftAppTenantId: the tenant that holds the bot\'s app registration.')
param botAppTenantId string

@description('VENDOR_TENANT_ID: the vendor\'s own Microsoft 365 tenant; its users are vendor staff and see every client.')
param vendorTenantId string

@description('TABLE_PREFIX: letters and digits, starting with a letter; prefixes every table name.')
param tablePrefix string = 'upgradedesk'

@description('SERVICE_URL_HOSTS: comma-separated Teams service hosts replies may go to (the bot\'s token goes with them).')
param serviceUrlHosts string = 'smba.trafficmanager.net,smba.infra.gcc.teams.microsoft.com,smba.infra.gov.teams.microsoft.us'

@description('TAB_SSO_CLIENT_ID: the schedule tab\'s Entra ID app (client) id, whose Teams SSO tokens the tab\'s API accepts (empty: no tab sign-in).')
param tabSsoClientId string = ''

@description('TAB_SSO_APP_ID_URI: that app\'s application id URI, api://<host>/<client id> (the audience of Teams SSO tokens).')
param tabSsoAppIdUri string = ''

@description('CALENDAR_FEED_SECRET: at least 32 random characters; signs calendar feed URLs so a person gets the same URL again (empty: a new URL each time).')
@secure()
param calendarFeedSecret string = ''

@description('PUBLIC_URL: the public https address of the app, for calendar feed URLs (empty: from each request\'s Host).')
param publicUrl string = ''

@description('TEAMS_APP_ID: the Teams app id (the manifest\'s id, written by teamsApp/create): the ticket card\'s "Open in schedule" deep-links to the schedule tab (empty: a link to PUBLIC_URL/tab).')
param teamsAppId string = ''

@description('SHAREPOINT_CLIENT_ID: the multi-tenant Entra app Upgrade Desk publishes to SharePoint as (app-only; each client\'s admin grants it Sites.Selected on one site). Empty: no SharePoint publishing.')
param sharepointClientId string = ''

@description('SHAREPOINT_CERTIFICATE_PATH: a PEM file with that app\'s certificate and private key on the app\'s file system (SharePoint refuses app-only tokens got with a secret).')
param sharepointCertificatePath string = ''

@description('SHAREPOINT_RELEASE_NOTES_SITE: the vendor\'s release-notes site (in VENDOR_TENANT_ID); each published release gets an article there. Empty: no articles.')
param sharepointReleaseNotesSite string = ''

var nodePort = '8080'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The bot connects with a connection string (STORAGE_CONNECTION_STRING), so shared keys stay on.
    allowSharedKeyAccess: true
  }
}

// The bot creates its tables and its outbox queue on start; these enable the two services.
resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: appServicePlanSku
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The deployed folder is dist/: the esbuild bundle plus production node_modules.
      // The old space is capped at 512 MB (the bot lives in ~50 MB): V8 then sizes its heap to what
      // is live rather than to the machine, so the bot holds ~150 MB however large a fan-out is,
      // instead of growing to ~240 MB of garbage under load. test/bench/delivery.ts runs with these flags.
      appCommandLine: 'node --max-old-space-size=512 bot/index.js'
      alwaysOn: appServicePlanSku != 'F1'
      healthCheckPath: '/api/health'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          // pino's level for the JSON log lines App Service collects: info, warn, error, debug.
          name: 'LOG_LEVEL'
          value: 'info'
        }
        {
          name: 'PORT'
          value: nodePort
        }
        {
          name: 'WEBSITES_PORT'
          value: nodePort
        }
        {
          name: 'HOST'
          value: '0.0.0.0'
        }
        {
          name: 'STORAGE_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
        }
        {
          name: 'TABLE_PREFIX'
          value: tablePrefix
        }
        {
          name: 'VENDOR_TENANT_ID'
          value: vendorTenantId
        }
        {
          name: 'MicrosoftAppId'
          value: botAppId
        }
        {
          name: 'MicrosoftAppPassword'
          value: botAppPassword
        }
        {
          name: 'MicrosoftAppType'
          value: 'SingleTenant'
        }
        {
          name: 'MicrosoftAppTenantId'
          value: botAppTenantId
        }
        {
          name: 'SERVICE_URL_HOSTS'
          value: serviceUrlHosts
        }
        {
          name: 'TAB_SSO_CLIENT_ID'
          value: tabSsoClientId
        }
        {
          name: 'TAB_SSO_APP_ID_URI'
          value: tabSsoAppIdUri
        }
        {
          name: 'TAB_SSO_JWKS_URL'
          value: 'https://login.microsoftonline.com/common/discovery/v2.0/keys'
        }
        {
          name: 'CALENDAR_FEED_SECRET'
          value: calendarFeedSecret
        }
        {
          name: 'PUBLIC_URL'
          value: publicUrl
        }
        {
          name: 'TEAMS_APP_ID'
          value: teamsAppId
        }
        {
          name: 'SHAREPOINT_CLIENT_ID'
          value: sharepointClientId
        }
        {
          name: 'SHAREPOINT_CERTIFICATE_PATH'
          value: sharepointCertificatePath
        }
        {
          name: 'SHAREPOINT_RELEASE_NOTES_SITE'
          value: sharepointReleaseNotesSite
        }
        // The local SharePoint stand-in's fake token is refused in production.
        {
          name: 'SHAREPOINT_DEV'
          value: 'false'
        }
        // The development sign-in is refused in production; said here so nobody turns it on.
        {
          name: 'DEV_SIGN_IN'
          value: 'false'
        }
        // The package is built before upload (teamsapp.yml deploy); no Oryx build on the server.
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
  dependsOn: [
    tableService
    queueService
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}/api/messages'
output TAB_DOMAIN string = webApp.properties.defaultHostName
output TAB_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output STORAGE_ACCOUNT_NAME string = storage.name
