// Spoke virtual network: the Container Apps infrastructure subnet (delegated, default route to the
// firewall) and the private-endpoint subnet. Each subnet has its own NSG.

@description('Name of the spoke virtual network.')
param name string

@description('Region of the spoke.')
param location string

@description('Tags for every resource.')
param tags object

@description('Address space of the spoke.')
param addressPrefix string

@description('Container Apps infrastructure subnet (workload profiles need at least /27).')
param containerAppsSubnetPrefix string

@description('Subnet that holds the private endpoints of Service Bus, Cosmos DB, Storage and the registry.')
param privateEndpointSubnetPrefix string

@description('Private IP of the hub firewall: next hop of the default route.')
param firewallPrivateIpAddress string

@description('Optional CIDR of the machines that run `azd deploy` (a peered network or a VPN client pool): allowed to reach the private endpoints on 443 to push images. Empty: nobody outside the apps subnet.')
param deploymentAgentAddressPrefix string = ''

// The image push reaches the registry's private endpoint from outside the spoke; nothing else may.
var deploymentAgentRules = empty(deploymentAgentAddressPrefix) ? [] : [
  {
    name: 'allow-deployment-agent-https'
    properties: {
      description: 'azd deploy pushes images to the registry through its private endpoint.'
      priority: 200
      direction: 'Inbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: deploymentAgentAddressPrefix
      sourcePortRange: '*'
      destinationAddressPrefix: privateEndpointSubnetPrefix
      destinationPortRange: '443'
    }
  }
]

var dataServiceRules = [
  {
    name: 'allow-apps-to-data-services'
    properties: {
      description: 'HTTPS (Blob, Cosmos gateway, registry, Service Bus over WebSockets) and AMQP from the apps.'
      priority: 100
      direction: 'Inbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: containerAppsSubnetPrefix
      sourcePortRange: '*'
      destinationAddressPrefix: privateEndpointSubnetPrefix
      destinationPortRanges: [
        '443'
        '5671-5672'
      ]
    }
  }
  {
    name: 'allow-apps-to-cosmos-direct-mode'
    properties: {
      description: 'Cosmos DB direct mode over a private endpoint uses these ports.'
      priority: 110
      direction: 'Inbound'
      access: 'Allow'
      protocol: 'Tcp'
      sourceAddressPrefix: containerAppsSubnetPrefix
      sourcePortRange: '*'
      destinationAddressPrefix: privateEndpointSubnetPrefix
      destinationPortRange: '10250-10256'
    }
  }
  {
    name: 'deny-other-inbound'
    properties: {
      description: 'Nothing else in the network may reach the data services.'
      priority: 4000
      direction: 'Inbound'
      access: 'Deny'
      protocol: '*'
      sourceAddressPrefix: '*'
      sourcePortRange: '*'
      destinationAddressPrefix: '*'
      destinationPortRange: '*'
    }
  }
]

resource containerAppsNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-${name}-container-apps'
  location: location
  tags: tags
  properties: {
    securityRules: [
      {
        name: 'allow-vnet-https-inbound'
        properties: {
          description: 'Calls to the environment\'s internal load balancer from inside the network.'
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'VirtualNetwork'
          sourcePortRange: '*'
          destinationAddressPrefix: containerAppsSubnetPrefix
          destinationPortRanges: [
            '80'
            '443'
          ]
        }
      }
      {
        name: 'allow-azure-load-balancer-inbound'
        properties: {
          description: 'Health probes of the platform load balancer.'
          priority: 110
          direction: 'Inbound'
          access: 'Allow'
          protocol: '*'
          sourceAddressPrefix: 'AzureLoadBalancer'
          sourcePortRange: '*'
          destinationAddressPrefix: containerAppsSubnetPrefix
          destinationPortRange: '*'
        }
      }
      {
        name: 'deny-internet-inbound'
        properties: {
          description: 'The environment is internal: nothing comes in from the Internet.'
          priority: 4000
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource privateEndpointsNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-${name}-private-endpoints'
  location: location
  tags: tags
  properties: {
    securityRules: concat(dataServiceRules, deploymentAgentRules)
  }
}

resource defaultRouteToFirewall 'Microsoft.Network/routeTables@2024-05-01' = {
  name: 'rt-${name}-container-apps'
  location: location
  tags: tags
  properties: {
    disableBgpRoutePropagation: true
    routes: [
      {
        name: 'default-via-firewall'
        properties: {
          addressPrefix: '0.0.0.0/0'
          nextHopType: 'VirtualAppliance'
          nextHopIpAddress: firewallPrivateIpAddress
        }
      }
    ]
  }
}

resource spokeVirtualNetwork 'Microsoft.Network/virtualNetworks@2024-05-01' = {
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
        name: 'snet-container-apps'
        properties: {
          addressPrefix: containerAppsSubnetPrefix
          delegations: [
            {
              name: 'container-apps-environment'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
          networkSecurityGroup: {
            id: containerAppsNsg.id
          }
          routeTable: {
            id: defaultRouteToFirewall.id
          }
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          // Lets the NSG above apply to private endpoint traffic.
          privateEndpointNetworkPolicies: 'Enabled'
          networkSecurityGroup: {
            id: privateEndpointsNsg.id
          }
        }
      }
    ]
  }
}

output id string = spokeVirtualNetwork.id
output name string = spokeVirtualNetwork.name
output containerAppsSubnetId string = spokeVirtualNetwork.properties.subnets[0].id
output privateEndpointSubnetId string = spokeVirtualNetwork.properties.subnets[1].id
