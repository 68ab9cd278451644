namespace ServiceBusEmulator.Administration;

/// <summary>
/// A request the administration API refuses, with the HTTP status Azure uses for it (400 bad property, 401 bad SAS,
/// 404 no such entity, 409 already exists) and a message naming the cause.
/// </summary>
public sealed class AdministrationException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static AdministrationException NotFound(string path) =>
        new(404, $"The messaging entity '{path}' could not be found.");

    public static AdministrationException AlreadyExists(string path) =>
        new(409, $"The messaging entity '{path}' already exists.");

    public static AdministrationException BadRequest(string message) => new(400, message);
}
