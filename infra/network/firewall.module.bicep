// Azure Firewall in the hub and its policy. The policy allows only what the apps' subnet needs to reach
// outside the virtual network; everything else is denied by the firewall's default. The data services are
// reached through private endpoints inside the spoke, so they need no rule here.

@description('Name of the firewall; the policy and public IP derive from it.')
param name string

@description('Region of the firewall.')
param location string

@description('Tags for every resource.')
param tags object

@description('Resource id of the hub\'s AzureFirewallSubnet.')
param firewallSubnetId string

@description('Address prefix of the Container Apps subnet: the only source the rules allow.')
param containerAppsSubnetPrefix string

// Entra ID's sign-in host in the cloud this deploys to (login.microsoftonline.com in Azure's public cloud).
var entraIdHost = split(environment().authentication.loginEndpoint, '/')[2]

resource publicIp 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: 'pip-${name}'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Regional'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource firewallPolicy 'Microsoft.Network/firewallPolicies@2024-05-01' = {
  name: 'afwp-${name}'
  location: location
  tags: tags
  properties: {
    sku: {
      tier: 'Standard'
    }
    threatIntelMode: 'Deny'
  }
}

resource appEgressRules 'Microsoft.Network/firewallPolicies/ruleCollectionGroups@2024-05-01' = {
  parent: firewallPolicy
  name: 'container-apps-egress'
  properties: {
    priority: 200
    ruleCollections: [
      {
        ruleCollectionType: 'FirewallPolicyFilterRuleCollection'
        name: 'allow-container-apps-dependencies'
        priority: 100
        action: {
          type: 'Allow'
        }
        rules: [
          {
            // Container Apps pulls its own system images, and the placeholder image, from MCR.
            ruleType: 'ApplicationRule'
            name: 'microsoft-container-registry'
            sourceAddresses: [
              containerAppsSubnetPrefix
            ]
            protocols: [
              {
                protocolType: 'Https'
                port: 443
              }
            ]
            targetFqdns: [
              'mcr.microsoft.com'
              '*.data.mcr.microsoft.com'
            ]
          }
          {
            // Managed identity tokens: the apps' DefaultAzureCredential and the KEDA scaler.
            ruleType: 'ApplicationRule'
            name: 'entra-id-and-managed-identity'
            sourceAddresses: [
              containerAppsSubnetPrefix
            ]
            protocols: [
              {
                protocolType: 'Https'
                port: 443
              }
            ]
            targetFqdns: [
              entraIdHost
              '*.${entraIdHost}'
              'login.microsoft.com'
              '*.login.microsoft.com'
              '*.identity.azure.net'
            ]
          }
          {
            // The environment's managed OpenTelemetry agent exports traces and logs to Application Insights.
            ruleType: 'ApplicationRule'
            name: 'application-insights-ingestion'
            sourceAddresses: [
              containerAppsSubnetPrefix
            ]
            protocols: [
              {
                protocolType: 'Https'
                port: 443
              }
            ]
            targetFqdns: [
              '*.in.applicationinsights.azure.com'
              'dc.services.visualstudio.com'
              '*.monitor.azure.com'
            ]
          }
        ]
      }
    ]
  }
}

resource firewall 'Microsoft.Network/azureFirewalls@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'AZFW_VNet'
      tier: 'Standard'
    }
    firewallPolicy: {
      id: firewallPolicy.id
    }
    ipConfigurations: [
      {
        name: 'ipconfig'
        properties: {
          subnet: {
            id: firewallSubnetId
          }
          publicIPAddress: {
            id: publicIp.id
          }
        }
      }
    ]
  }
  dependsOn: [
    appEgressRules
  ]
}

output privateIpAddress string = firewall.properties.ipConfigurations[0].properties.privateIPAddress
