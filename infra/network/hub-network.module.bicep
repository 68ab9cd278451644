// Hub virtual network: holds only the Azure Firewall that every spoke's egress goes through.
// AzureFirewallSubnet carries no NSG: the platform does not support one on the firewall's subnet.

@description('Name of the hub virtual network.')
param name string

@description('Region of the hub.')
param location string

@description('Tags for every resource.')
param tags object

@description('Address space of the hub.')
param addressPrefix string = '10.10.0.0/24'

@description('AzureFirewallSubnet prefix (at least /26).')
param firewallSubnetPrefix string = '10.10.0.0/26'

resource hubVirtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'AzureFirewallSubnet'
        properties: {
          addressPrefix: firewallSubnetPrefix
        }
      }
    ]
  }
}

output id string = hubVirtualNetwork.id
output name string = hubVirtualNetwork.name
output firewallSubnetId string = hubVirtualNetwork.properties.subnets[0].id
