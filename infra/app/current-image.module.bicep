// Reads the image a container app runs now, so re-provisioning after `azd deploy` keeps it instead of
// resetting the app to the placeholder. Separate module: a template cannot read the app it also declares.

@description('True when the app already exists (azd sets SERVICE_<NAME>_RESOURCE_EXISTS).')
param exists bool

@description('Name of the container app.')
param name string

resource existingApp 'Microsoft.App/containerApps@2024-10-02-preview' existing = if (exists) {
  name: name
}

// The `!`: `existingApp` is declared under the same condition, so it is there whenever it is read.
output image string = exists ? existingApp!.properties.template.containers[0].image : ''
