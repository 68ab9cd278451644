namespace ServiceBusEmulator.Administration;

/// <summary>What the administration API answers: a status code and a body (ATOM or the XML error Azure sends).</summary>
public sealed record AdministrationResponse(int StatusCode, string ContentType, string Body);
