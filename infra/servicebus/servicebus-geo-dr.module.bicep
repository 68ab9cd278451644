// Opt-in disaster recovery: a second Premium namespace in another region, locked down like the primary,
// paired with the primary through Service Bus geo-disaster recovery. The pairing replicates entity
// metadata (the queue and its properties) to the secondary; it does not replicate messages.
// Clients use the alias, which points at whichever namespace is primary after a failover.

@description('Name of the existing primary namespace.')
param primaryNamespaceName string

@description('Name of the secondary namespace.')
param secondaryNamespaceName string

@minLength(1)
@description('Region of the secondary namespace (set AZURE_SECONDARY_LOCATION).')
param secondaryLocation string

@description('Name of the geo-DR alias; clients connect to <alias>.servicebus.windows.net.')
param aliasName string

@description('Region of the spoke, where the secondary\'s private endpoint lives.')
param location string

@description('Tags for every resource.')
param tags object

@description('Subnet for the secondary\'s private endpoint.')
param privateEndpointSubnetId string

@description('Resource id of the privatelink.servicebus.windows.net zone.')
param privateDnsZoneId string

@description('Principal id of the producer\'s identity.')
param producerPrincipalId string

@description('Principal id of the consumer\'s identity.')
param consumerPrincipalId string

@description('Principal id of the consumer scaler\'s identity.')
param consumerScalerPrincipalId string

var serviceBusDataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var serviceBusDataReceiverRoleId = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var serviceBusDataOwnerRoleId = '090c5cfd-751d-490a-894a-3ce6f1109419'

resource primaryNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: primaryNamespaceName
}

resource secondaryNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: secondaryNamespaceName
  location: secondaryLocation
  tags: tags
  sku: {
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

resource secondaryNetworkRuleSet 'Microsoft.ServiceBus/namespaces/networkRuleSets@2024-01-01' = {
  parent: secondaryNamespace
  name: 'default'
  properties: {
    publicNetworkAccess: 'Disabled'
    defaultAction: 'Deny'
    trustedServiceAccessEnabled: false
    ipRules: []
    virtualNetworkRules: []
  }
}

// A private endpoint may target a resource in another region: the apps reach the secondary from the spoke.
resource secondaryPrivateEndpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: 'pe-${secondaryNamespace.name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${secondaryNamespace.name}'
        properties: {
          privateLinkServiceId: secondaryNamespace.id
          groupIds: [
            'namespace'
          ]
        }
      }
    ]
  }
}

resource secondaryPrivateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: secondaryPrivateEndpoint
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

resource pairing 'Microsoft.ServiceBus/namespaces/disasterRecoveryConfigs@2024-01-01' = {
  parent: primaryNamespace
  name: aliasName
  properties: {
    partnerNamespace: secondaryNamespace.id
  }
  dependsOn: [
    secondaryNetworkRuleSet
    secondaryPrivateDnsZoneGroup
  ]
}

// Role assignments are not replicated by the pairing, and the secondary's queue only appears once the
// pairing has copied it, so the same roles are granted here on the secondary namespace, which holds
// nothing but the replicated store-events queue.
resource producerSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(secondaryNamespace.id, producerPrincipalId, serviceBusDataSenderRoleId)
  scope: secondaryNamespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSenderRoleId)
    principalId: producerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource consumerReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(secondaryNamespace.id, consumerPrincipalId, serviceBusDataReceiverRoleId)
  scope: secondaryNamespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataReceiverRoleId)
    principalId: consumerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource consumerScalerOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(secondaryNamespace.id, consumerScalerPrincipalId, serviceBusDataOwnerRoleId)
  scope: secondaryNamespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataOwnerRoleId)
    principalId: consumerScalerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output aliasName string = pairing.name
// Same shape as the namespace endpoint (https://<name>.servicebus.windows.net:443/), with the alias as host name.
output aliasEndpoint string = replace(primaryNamespace.properties.serviceBusEndpoint, '${primaryNamespace.name}.', '${aliasName}.')
