// Private DNS zones for the four private-link services, each linked to every given virtual network,
// so <name>.servicebus.windows.net (and the others) resolve to the private endpoint's address.

@description('Tags for every resource.')
param tags object

@description('Virtual networks that resolve through these zones (hub and spoke).')
param virtualNetworkIds array

// Order matters: the outputs below index into it.
var zoneNames = [
  'privatelink.servicebus.windows.net'
  'privatelink.documents.azure.com'
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink${environment().suffixes.acrLoginServer}'
]

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for zoneName in zoneNames: {
  name: zoneName
  location: 'global'
  tags: tags
}]

module zoneLinks 'private-dns-zone-links.module.bicep' = [for (zoneName, i) in zoneNames: {
  name: 'links-${zoneName}'
  params: {
    zoneName: zones[i].name
    tags: tags
    virtualNetworkIds: virtualNetworkIds
  }
}]

output serviceBusZoneId string = zones[0].id
output cosmosZoneId string = zones[1].id
output blobZoneId string = zones[2].id
output registryZoneId string = zones[3].id
