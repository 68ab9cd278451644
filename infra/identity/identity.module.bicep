// A user-assigned managed identity; main.bicep makes one per workload so each holds only its own roles.

@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags for every resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
