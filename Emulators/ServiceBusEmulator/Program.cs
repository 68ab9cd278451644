using ServiceBusEmulator.Hosting;

return await EmulatorCommandLine.RunAsync(args);
