// The consumer: a container app with no ingress, its own user-assigned identity holding only the data-plane
// roles it uses, and a KEDA azure-servicebus rule that scales it on the queue's length.

@description('Name of the container app; also the azd service name.')
param name string

@description('Region of the app.')
param location string

@description('Tags for every resource.')
param tags object

@description('True once azd has deployed an image: keep it.')
param exists bool

@description('Resource id of the Container Apps environment.')
param containerAppsEnvironmentId string

@description('Name of the container registry the image comes from.')
param containerRegistryName string

@description('Name of the consumer\'s user-assigned identity (used by the application code).')
param identityName string

@description('Name of the identity the KEDA scaler uses (never by the application code).')
param scalerIdentityName string

@description('Name of the Service Bus namespace that holds the queue.')
param serviceBusNamespaceName string

@description('Service Bus endpoint (namespace or geo-DR alias) the consumer receives from.')
param serviceBusEndpoint string

@description('Namespace or geo-DR alias name the scaler queries (KEDA appends .servicebus.windows.net).')
param serviceBusHostNameForScaler string

@description('Name of the Cosmos DB account.')
param cosmosAccountName string

@description('Cosmos DB account endpoint.')
param cosmosEndpoint string

@description('Name of the storage account.')
param storageAccountName string

@description('Blob service endpoint.')
param blobEndpoint string

var queueName = 'store-events'
var archiveContainerName = 'warehouse'
var databaseName = 'warehouse'
var eventsContainerName = 'events'

var serviceBusDataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var serviceBusDataOwnerRoleId = '090c5cfd-751d-490a-894a-3ce6f1109419'
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var cosmosBuiltInDataContributorRoleId = '00000000-0000-0000-0000-000000000002'
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
var placeholderImage = 'mcr.microsoft.com/dotnet/samples:aspnetapp'

// Health probes. Our image answers /alive (the process runs) and /health (ready: the queue answers, and for the
// consumer Blob and Cosmos too) on 8080, the port .NET container images listen on. The placeholder that the first
// provision runs serves neither path, so it gets TCP probes on the same port; the HTTP probes take over at the next
// provision after `azd deploy` (README, "Deploy to Azure").
var serviceProbes = [
  {
    type: 'Liveness'
    httpGet: {
      path: '/alive'
      port: 8080
    }
    initialDelaySeconds: 5
    periodSeconds: 10
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: '/health'
      port: 8080
    }
    initialDelaySeconds: 5
    periodSeconds: 10
    failureThreshold: 3
  }
]
var placeholderProbes = [
  {
    type: 'Liveness'
    tcpSocket: {
      port: 8080
    }
    periodSeconds: 10
  }
  {
    type: 'Readiness'
    tcpSocket: {
      port: 8080
    }
    periodSeconds: 10
  }
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource scalerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: scalerIdentityName
}

resource containerRegistry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: containerRegistryName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: queueName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storageAccount
  name: 'default'
}

resource archiveContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: archiveContainerName
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(containerRegistry.id, identity.id, acrPullRoleId)
  scope: containerRegistry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, identity.id, serviceBusDataReceiverRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiverRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource archiveWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(archiveContainer.id, identity.id, storageBlobDataContributorRoleId)
  scope: archiveContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Cosmos DB data-plane roles are Cosmos SQL role assignments, not Azure RBAC; scoped to the one database.
resource eventStoreWriter 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmosAccount
  name: guid(cosmosAccount.id, identity.id, cosmosBuiltInDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmosAccount.id}/sqlRoleDefinitions/${cosmosBuiltInDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: '${cosmosAccount.id}/dbs/${databaseName}'
  }
}

// KEDA's azure-servicebus scaler reads the queue's active message count through the Service Bus
// management (entity runtime) API on the data plane, which demands the Manage claim; the only built-in
// role that carries it is Azure Service Bus Data Owner. It goes to a separate identity, scoped to this
// one queue, so the identity the application code uses never holds Manage rights.
resource scalerQueueOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, scalerIdentity.id, serviceBusDataOwnerRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataOwnerRoleId)
    principalId: scalerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

module currentImage '../app/current-image.module.bicep' = {
  name: '${name}-current-image'
  params: {
    exists: exists
    name: name
  }
}

resource app 'Microsoft.App/containerApps@2024-10-02-preview' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'consumer'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
      '${scalerIdentity.id}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      // No ingress: the consumer only pulls from the queue.
      registries: [
        {
          server: containerRegistry.properties.loginServer
          identity: identity.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'consumer'
          image: empty(currentImage.outputs.image) ? placeholderImage : currentImage.outputs.image
          probes: empty(currentImage.outputs.image) ? placeholderProbes : serviceProbes
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            {
              name: 'ConnectionStrings__servicebus'
              value: serviceBusEndpoint
            }
            {
              name: 'ConnectionStrings__cosmos'
              value: cosmosEndpoint
            }
            {
              name: 'ConnectionStrings__blobs'
              value: blobEndpoint
            }
            {
              name: 'ServiceBus__QueueName'
              value: queueName
            }
            {
              name: 'EventArchive__ContainerName'
              value: archiveContainerName
            }
            {
              // infra/ creates the container; the identity holds data-plane rights only.
              name: 'EventArchive__CreateIfNotExists'
              value: 'false'
            }
            {
              name: 'EventStore__DatabaseName'
              value: databaseName
            }
            {
              name: 'EventStore__ContainerName'
              value: eventsContainerName
            }
            {
              name: 'EventStore__CreateIfNotExists'
              value: 'false'
            }
            {
              // Makes DefaultAzureCredential pick the application identity, not the scaler's.
              name: 'AZURE_CLIENT_ID'
              value: identity.properties.clientId
            }
          ]
        }
      ]
      scale: {
        // Competing consumers: at least two, like the local topology.
        minReplicas: 2
        maxReplicas: 10
        rules: [
          {
            name: 'store-events-queue-length'
            custom: {
              type: 'azure-servicebus'
              identity: scalerIdentity.id
              metadata: {
                namespace: serviceBusHostNameForScaler
                queueName: queueName
                messageCount: '50'
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    acrPull
    queueReceiver
    archiveWriter
    eventStoreWriter
    scalerQueueOwner
  ]
}
