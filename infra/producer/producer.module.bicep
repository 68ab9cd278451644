// The producer: a container app with ingress inside the environment only, its own user-assigned identity,
// and exactly two roles — AcrPull on the registry, Azure Service Bus Data Sender on the queue.

@description('Name of the container app; also the azd service name.')
param name string

@description('Region of the app.')
param location string

@description('Tags for every resource.')
param tags object

@description('True once azd has deployed an image: keep it.')
param exists bool

@description('Accept calls from the whole virtual network instead of only from the environment.')
param reachableFromVirtualNetwork bool

@description('Resource id of the Container Apps environment.')
param containerAppsEnvironmentId string

@description('Name of the container registry the image comes from.')
param containerRegistryName string

@description('Name of the producer\'s user-assigned identity.')
param identityName string

@description('Name of the Service Bus namespace that holds the queue.')
param serviceBusNamespaceName string

@description('Service Bus endpoint (namespace or geo-DR alias) the producer sends to.')
param serviceBusEndpoint string

var queueName = 'store-events'
var serviceBusDataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var acrPullRoleId = '7f951dda-4ed3-4680-a7ca-43fe172d538d'
// Listens on 8080 like the .NET images azd builds, so the first revision is healthy before the first deploy.
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

resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(containerRegistry.id, identity.id, acrPullRoleId)
  scope: containerRegistry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', acrPullRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(queue.id, identity.id, serviceBusDataSenderRoleId)
  scope: queue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSenderRoleId)
    principalId: identity.properties.principalId
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
    'azd-service-name': 'producer'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // false: reachable only from apps in the same environment. true: from the virtual network;
        // never from the Internet, because the environment itself is internal.
        external: reachableFromVirtualNetwork
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
      }
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
          name: 'producer'
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
              name: 'ServiceBus__QueueName'
              value: queueName
            }
            {
              // Makes DefaultAzureCredential pick this identity.
              name: 'AZURE_CLIENT_ID'
              value: identity.properties.clientId
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 3
      }
    }
  }
  dependsOn: [
    acrPull
    queueSender
  ]
}

output fqdn string = app.properties.configuration.ingress.fqdn
