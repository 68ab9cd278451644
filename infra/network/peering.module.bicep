// One direction of a virtual network peering; main.bicep calls it once each way.

@description('Name of the virtual network that owns this side of the peering.')
param localVirtualNetworkName string

@description('Resource id of the virtual network on the other side.')
param remoteVirtualNetworkId string

resource localVirtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: localVirtualNetworkName
}

resource peering 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2024-05-01' = {
  parent: localVirtualNetwork
  name: 'peer-to-${last(split(remoteVirtualNetworkId, '/'))}'
  properties: {
    remoteVirtualNetwork: {
      id: remoteVirtualNetworkId
    }
    allowVirtualNetworkAccess: true
    // Traffic the firewall forwards on behalf of the spoke crosses the peering.
    allowForwardedTraffic: true
    allowGatewayTransit: false
    useRemoteGateways: false
  }
}
