using System.Security.Principal;
using Microsoft.Azure.Amqp.Sasl;

namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>SASL PLAIN for <see cref="AzureAmqpBroker"/>: only <see cref="InteropSasl.User"/> with <see cref="InteropSasl.Secret"/>.</summary>
internal sealed class AzureAmqpPlainAuthenticator : ISaslPlainAuthenticator
{
    public Task<IPrincipal> AuthenticateAsync(string identity, string password) =>
        identity == InteropSasl.User && password == InteropSasl.Secret
            ? Task.FromResult<IPrincipal>(new GenericPrincipal(new GenericIdentity(identity), []))
            : Task.FromException<IPrincipal>(new UnauthorizedAccessException($"Wrong password for '{identity}'."));
}
