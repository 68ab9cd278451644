global using Amqp;
global using Amqp.Framing;
global using Amqp.Messaging;
global using Amqp.Types;
