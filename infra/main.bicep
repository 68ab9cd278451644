// Entry point azd provisions (azure.yaml: infra.module = main). Same shape azd generates for an Aspire
// application — a subscription-scoped main that creates the resource group, resources.bicep for the
// shared container platform, one module folder per resource — with the locked-down network overlaid:
// hub (firewall) + spoke (apps, private endpoints), private DNS, no public data-plane endpoint anywhere.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. Names the resource group and tags every resource (azd-env-name).')
param environmentName string

@minLength(1)
@description('Primary region for every resource.')
param location string

@description('True once azd has deployed the producer: provisioning then keeps its current image instead of the placeholder.')
param producerExists bool = false

@description('True once azd has deployed the consumer: provisioning then keeps its current image instead of the placeholder.')
param consumerExists bool = false

@description('Opt-in: accept calls to the producer from anywhere in the virtual network (still never public, the environment is internal). Default: only from apps in the same environment.')
param producerReachableFromVirtualNetwork bool = false

@description('Optional CIDR of the machines that run `azd deploy` (peered network or VPN pool): may reach the private endpoints on 443, so the image push gets to the private registry.')
param deploymentAgentAddressPrefix string = ''

@description('Opt-in disaster recovery: a second Premium namespace in secondaryLocation paired with Service Bus geo-disaster recovery.')
param enableDisasterRecovery bool = false

@description('Region of the secondary Service Bus namespace; required when enableDisasterRecovery is true.')
param secondaryLocation string = ''

var tags = {
  'azd-env-name': environmentName
}
var resourceToken = uniqueString(subscription().id, environmentName, location)

// Named rg, not resourceGroup: that symbol would shadow the resourceGroup() function.
resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

// ---------- network: hub with the firewall, spoke with the apps and the private endpoints ----------

module hubNetwork 'network/hub-network.module.bicep' = {
  name: 'hub-network'
  scope: rg
  params: {
    name: 'vnet-hub-${resourceToken}'
    location: location
    tags: tags
  }
}

module firewall 'network/firewall.module.bicep' = {
  name: 'firewall'
  scope: rg
  params: {
    name: 'afw-${resourceToken}'
    location: location
    tags: tags
    firewallSubnetId: hubNetwork.outputs.firewallSubnetId
    containerAppsSubnetPrefix: spokeAddressPlan.containerAppsSubnetPrefix
  }
}

var spokeAddressPlan = {
  addressPrefix: '10.20.0.0/16'
  containerAppsSubnetPrefix: '10.20.0.0/23'
  privateEndpointSubnetPrefix: '10.20.2.0/24'
}

module spokeNetwork 'network/spoke-network.module.bicep' = {
  name: 'spoke-network'
  scope: rg
  params: {
    name: 'vnet-spoke-${resourceToken}'
    location: location
    tags: tags
    addressPrefix: spokeAddressPlan.addressPrefix
    containerAppsSubnetPrefix: spokeAddressPlan.containerAppsSubnetPrefix
    privateEndpointSubnetPrefix: spokeAddressPlan.privateEndpointSubnetPrefix
    firewallPrivateIpAddress: firewall.outputs.privateIpAddress
    deploymentAgentAddressPrefix: deploymentAgentAddressPrefix
  }
}

module hubToSpokePeering 'network/peering.module.bicep' = {
  name: 'hub-to-spoke-peering'
  scope: rg
  params: {
    localVirtualNetworkName: hubNetwork.outputs.name
    remoteVirtualNetworkId: spokeNetwork.outputs.id
  }
}

module spokeToHubPeering 'network/peering.module.bicep' = {
  name: 'spoke-to-hub-peering'
  scope: rg
  params: {
    localVirtualNetworkName: spokeNetwork.outputs.name
    remoteVirtualNetworkId: hubNetwork.outputs.id
  }
}

module privateDnsZones 'network/private-dns-zones.module.bicep' = {
  name: 'private-dns-zones'
  scope: rg
  params: {
    tags: tags
    virtualNetworkIds: [
      hubNetwork.outputs.id
      spokeNetwork.outputs.id
    ]
  }
}

// ---------- the container platform: monitoring, registry, Container Apps environment ----------

module resources 'resources.bicep' = {
  name: 'resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    containerAppsSubnetId: spokeNetwork.outputs.containerAppsSubnetId
    privateEndpointSubnetId: spokeNetwork.outputs.privateEndpointSubnetId
    registryPrivateDnsZoneId: privateDnsZones.outputs.registryZoneId
  }
  // The environment's subnet sends everything through the hub firewall (its route table's default route): without
  // both peerings that route leads nowhere, so the environment must not start before them.
  dependsOn: [
    hubToSpokePeering
    spokeToHubPeering
  ]
}

module containerAppsDns 'network/container-apps-dns.module.bicep' = {
  name: 'container-apps-dns'
  scope: rg
  params: {
    tags: tags
    defaultDomain: resources.outputs.containerAppsEnvironmentDefaultDomain
    staticIp: resources.outputs.containerAppsEnvironmentStaticIp
    virtualNetworkIds: [
      hubNetwork.outputs.id
      spokeNetwork.outputs.id
    ]
  }
}

// ---------- the data services, each with its private endpoint ----------

module servicebus 'servicebus/servicebus.module.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: 'sb-${resourceToken}'
    location: location
    tags: tags
    privateEndpointSubnetId: spokeNetwork.outputs.privateEndpointSubnetId
    privateDnsZoneId: privateDnsZones.outputs.serviceBusZoneId
  }
}

module cosmos 'cosmos/cosmos.module.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    privateEndpointSubnetId: spokeNetwork.outputs.privateEndpointSubnetId
    privateDnsZoneId: privateDnsZones.outputs.cosmosZoneId
  }
}

module storage 'storage/storage.module.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    privateEndpointSubnetId: spokeNetwork.outputs.privateEndpointSubnetId
    privateDnsZoneId: privateDnsZones.outputs.blobZoneId
  }
}

// ---------- one user-assigned identity per workload (and one for the consumer's scaler) ----------

module producerIdentity 'identity/identity.module.bicep' = {
  name: 'producer-identity'
  scope: rg
  params: {
    name: 'id-producer-${resourceToken}'
    location: location
    tags: tags
  }
}

module consumerIdentity 'identity/identity.module.bicep' = {
  name: 'consumer-identity'
  scope: rg
  params: {
    name: 'id-consumer-${resourceToken}'
    location: location
    tags: tags
  }
}

module consumerScalerIdentity 'identity/identity.module.bicep' = {
  name: 'consumer-scaler-identity'
  scope: rg
  params: {
    name: 'id-consumer-scaler-${resourceToken}'
    location: location
    tags: tags
  }
}

// ---------- opt-in disaster recovery for the broker ----------

var serviceBusAliasName = 'sb-${resourceToken}-alias'

module servicebusGeoDr 'servicebus/servicebus-geo-dr.module.bicep' = if (enableDisasterRecovery) {
  name: 'servicebus-geo-dr'
  scope: rg
  params: {
    primaryNamespaceName: servicebus.outputs.name
    secondaryNamespaceName: 'sb-${resourceToken}-secondary'
    secondaryLocation: secondaryLocation
    aliasName: serviceBusAliasName
    location: location
    tags: tags
    privateEndpointSubnetId: spokeNetwork.outputs.privateEndpointSubnetId
    privateDnsZoneId: privateDnsZones.outputs.serviceBusZoneId
    producerPrincipalId: producerIdentity.outputs.principalId
    consumerPrincipalId: consumerIdentity.outputs.principalId
    consumerScalerPrincipalId: consumerScalerIdentity.outputs.principalId
  }
}

// With geo-DR on, the apps talk to the alias, which follows a failover; otherwise to the namespace itself.
// The `!`: the condition above is the module's own, so it is deployed whenever its output is read.
var serviceBusEndpoint = enableDisasterRecovery ? servicebusGeoDr!.outputs.aliasEndpoint : servicebus.outputs.endpoint
var serviceBusHostName = enableDisasterRecovery ? serviceBusAliasName : servicebus.outputs.name

// ---------- the two services ----------

module producer 'producer/producer.module.bicep' = {
  name: 'producer'
  scope: rg
  params: {
    name: 'producer'
    location: location
    tags: tags
    exists: producerExists
    reachableFromVirtualNetwork: producerReachableFromVirtualNetwork
    containerAppsEnvironmentId: resources.outputs.containerAppsEnvironmentId
    containerRegistryName: resources.outputs.containerRegistryName
    identityName: producerIdentity.outputs.name
    serviceBusNamespaceName: servicebus.outputs.name
    serviceBusEndpoint: serviceBusEndpoint
  }
}

module consumer 'consumer/consumer.module.bicep' = {
  name: 'consumer'
  scope: rg
  params: {
    name: 'consumer'
    location: location
    tags: tags
    exists: consumerExists
    containerAppsEnvironmentId: resources.outputs.containerAppsEnvironmentId
    containerRegistryName: resources.outputs.containerRegistryName
    identityName: consumerIdentity.outputs.name
    scalerIdentityName: consumerScalerIdentity.outputs.name
    serviceBusNamespaceName: servicebus.outputs.name
    serviceBusEndpoint: serviceBusEndpoint
    serviceBusHostNameForScaler: serviceBusHostName
    cosmosAccountName: cosmos.outputs.name
    cosmosEndpoint: cosmos.outputs.endpoint
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
  }
}

// Outputs azd stores in .azure/<env>/.env: names and endpoints only — never a key or a connection string.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.containerRegistryLoginServer
output AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.containerRegistryName
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.containerAppsEnvironmentName
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.containerAppsEnvironmentId
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.containerAppsEnvironmentDefaultDomain
output SERVICEBUS_ENDPOINT string = serviceBusEndpoint
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output BLOBS_ENDPOINT string = storage.outputs.blobEndpoint
output PRODUCER_FQDN string = producer.outputs.fqdn
