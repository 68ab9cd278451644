namespace AppHost.Resources;

/// <summary>
/// The one place resources are kept and changed. Every change goes through <see cref="Update"/> under one lock and
/// raises <see cref="Changed"/>, so the console table and the dashboard never see half an update.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private readonly List<Resource> _resources = [];

    /// <summary>Raised after every change, with the resource that changed (outside the lock).</summary>
    public event Action<Resource>? Changed;

    public Resource Add(string name, ResourceKind kind, string type)
    {
        var resource = new Resource(name, kind, type);
        lock (_gate)
        {
            if (_resources.Any(existing => existing.Name == name))
            {
                throw new InvalidOperationException($"a resource named '{name}' already exists");
            }

            _resources.Add(resource);
        }

        Changed?.Invoke(resource);
        return resource;
    }

    public void Update(Resource resource, Action<Resource> change)
    {
        lock (_gate)
        {
            change(resource);
        }

        Changed?.Invoke(resource);
    }

    public IReadOnlyList<ResourceSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return _resources.Select(resource => resource.Snapshot()).ToList();
        }
    }

    public Resource? Find(string name)
    {
        lock (_gate)
        {
            return _resources.FirstOrDefault(resource => resource.Name == name);
        }
    }
}
