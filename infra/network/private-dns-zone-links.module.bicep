// Links one private DNS zone to each given virtual network (no auto-registration: records come from
// the private endpoints' DNS zone groups).

@description('Name of an existing private DNS zone.')
param zoneName string

@description('Tags for every resource.')
param tags object

@description('Virtual networks to link.')
param virtualNetworkIds array

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' existing = {
  name: zoneName
}

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for virtualNetworkId in virtualNetworkIds: {
  parent: zone
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
