namespace AppHost.Resources;

public enum ResourceKind
{
    Emulator,
    Project,
}
