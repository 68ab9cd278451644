global using Amqp.Types;
