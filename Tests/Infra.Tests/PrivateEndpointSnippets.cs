namespace Infra.Tests;

/// <summary>Small templates for the private endpoint rule: a service, with or without its endpoint and DNS zone group.</summary>
public static class PrivateEndpointSnippets
{
    public static string ServiceWithoutEndpoint(string type) => $$"""
        resource service '{{type}}@2024-01-01' = {
          name: 'service'
        }
        """;

    public static string ServiceWithEndpoint(string type, string groupId, bool withZoneGroup)
    {
        var snippet = $$"""
            resource service '{{type}}@2024-01-01' = {
              name: 'service'
            }
            resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
              name: 'pe-service'
              properties: {
                privateLinkServiceConnections: [
                  {
                    name: 'pe-service'
                    properties: {
                      privateLinkServiceId: service.id
                      groupIds: [
                        '{{groupId}}'
                      ]
                    }
                  }
                ]
              }
            }

            """;
        if (withZoneGroup)
        {
            snippet += """
                param privateDnsZoneId string
                resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
                  parent: endpoint
                  name: 'default'
                  properties: {
                    privateDnsZoneConfigs: [
                      {
                        name: 'zone'
                        properties: {
                          privateDnsZoneId: privateDnsZoneId
                        }
                      }
                    ]
                  }
                }

                """;
        }

        return snippet;
    }
}
