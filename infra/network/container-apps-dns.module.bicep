// The internal environment's apps answer at <app>.<defaultDomain> on the environment's private static IP.
// This zone makes those names resolve from the hub and the spoke (and from anything peered or connected
// to them), which is how an operator reaches an app whose ingress is open to the virtual network.

@description('Tags for every resource.')
param tags object

@description('Default domain of the Container Apps environment.')
param defaultDomain string

@description('Private static IP of the environment\'s internal load balancer.')
param staticIp string

@description('Virtual networks that resolve the environment\'s names.')
param virtualNetworkIds array

resource environmentZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: defaultDomain
  location: 'global'
  tags: tags
}

resource wildcardRecord 'Microsoft.Network/privateDnsZones/A@2024-06-01' = {
  parent: environmentZone
  name: '*'
  properties: {
    ttl: 300
    aRecords: [
      {
        ipv4Address: staticIp
      }
    ]
  }
}

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for virtualNetworkId in virtualNetworkIds: {
  parent: environmentZone
  name: 'link-${last(split(virtualNetworkId, '/'))}'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: virtualNetworkId
    }
  }
}]
