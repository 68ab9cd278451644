// Service Bus Premium: Entra ID only (no SAS), no public endpoint, TLS 1.2, and the store-events queue
// with the same properties as AppHost/topology.json (the drift check in Tests/Infra.Tests holds them equal).

@description('Name of the namespace.')
param name string

@description('Region of the namespace.')
param location string

@description('Tags for every resource.')
param tags object

@description('Subnet for the namespace\'s private endpoint.')
param privateEndpointSubnetId string

@description('Resource id of the privatelink.servicebus.windows.net zone.')
param privateDnsZoneId string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    // Premium: private endpoints, geo-disaster recovery, dedicated capacity.
    name: 'Premium'
    tier: 'Premium'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    publicNetworkAccess: 'Disabled'
    minimumTlsVersion: '1.2'
  }
}

// Declared explicitly so a later deployment of the namespace's default rule set cannot reopen public access.
resource networkRuleSet 'Microsoft.ServiceBus/namespaces/networkRuleSets@2024-01-01' = {
  parent: namespace
  name: 'default'
  properties: {
    publicNetworkAccess: 'Disabled'
    defaultAction: 'Deny'
    trustedServiceAccessEnabled: false
    ipRules: []
    virtualNetworkRules: []
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: 'store-events'
  properties: {
    lockDuration: 'PT1M'
    maxDeliveryCount: 10
    defaultMessageTimeToLive: 'P1D'
    deadLetteringOnMessageExpiration: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    requiresSession: false
  }
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe-${namespace.name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${namespace.name}'
        properties: {
          privateLinkServiceId: namespace.id
          groupIds: [
            'namespace'
          ]
        }
      }
    ]
  }
}

resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'servicebus'
        properties: {
          privateDnsZoneId: privateDnsZoneId
        }
      }
    ]
  }
}

output name string = namespace.name
output id string = namespace.id
output queueName string = queue.name
// https://<namespace>.servicebus.windows.net:443/ — the value Aspire puts in ConnectionStrings__servicebus.
output endpoint string = namespace.properties.serviceBusEndpoint
