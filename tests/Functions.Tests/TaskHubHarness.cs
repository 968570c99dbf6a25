using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sluice.Functions.Tests;

/// <summary>
/// src/Functions' own orchestrators and activities on the Durable Task engine (InProcessTestHost: real replay,
/// durable timers, ContinueAsNew, retry policies), found by their <c>[Function]</c> attributes as the Functions host
/// finds them, over services composed by src/Functions' own registration against Azurite. Settings can be changed
/// while it runs (the configuration reloads); an activity can be made to fail; every activity call is recorded.
/// </summary>
public sealed class TaskHubHarness : IAsyncDisposable
{
    private readonly DurableTaskTestHost _host;

    private TaskHubHarness(DurableTaskTestHost host, IConfigurationRoot configuration, ActivityLog activities, CapturedLogs logs)
    {
        _host = host;
        Configuration = configuration;
        Activities = activities;
        Logs = logs;
    }

    public DurableTaskClient Client => _host.Client;

    public IServiceProvider Services => _host.Services;

    public IConfigurationRoot Configuration { get; }

    public ActivityLog Activities { get; }

    public CapturedLogs Logs { get; }

    public static async Task<TaskHubHarness> StartAsync(AzuriteFixture storage, IDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var harness = await StartAsync(FunctionsServiceProvider.Configuration(storage, settings), cancellationToken);
        await FunctionsServiceProvider.ProvisionAsync(harness.Services, cancellationToken);
        return harness;
    }

    /// <summary>The engine over <paramref name="configuration"/>'s tables, which the caller provisions.</summary>
    public static async Task<TaskHubHarness> StartAsync(IConfigurationRoot configuration, CancellationToken cancellationToken)
    {
        var activities = new ActivityLog();
        var logs = new CapturedLogs();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var host = await DurableTaskTestHost.StartAsync(
                    registry => RegisterFunctions(registry, activities),
                    new DurableTaskTestHostOptions
                    {
                        // The engine's own default is a random port in 30000-40000, where Kestrel's ephemeral ports
                        // (other hosts of this run) also fall; a port free now can still be taken before the engine
                        // binds it, so a taken one is tried again with another.
                        Port = Ports.Free(),
                        LoggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs)),
                        ConfigureServices = services => services.AddSingleton<IConfiguration>(configuration).AddSluiceFunctions(configuration),
                    },
                    cancellationToken);
                return new TaskHubHarness(host, configuration, activities, logs);
            }
            catch (IOException e) when (attempt < 5 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
            }
        }
    }

    /// <summary>Changes a setting as an app setting change would, and lets options monitors see it.</summary>
    public void Set(string key, string value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, at most <see cref="LoadedMachine.Patience"/>; a failure says what
    /// the orchestration <paramref name="instanceId"/> was doing (its status and failure).
    /// </summary>
    public async Task WaitForAsync(string instanceId, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + LoadedMachine.Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var instance = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
                Assert.Fail($"waited {LoadedMachine.Patience.TotalSeconds:0} s for {what}; {instanceId} is {instance?.RuntimeStatus}: {instance?.FailureDetails}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>An instance of a function class, built from the host's services as the Functions worker builds it.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static void RegisterFunctions(DurableTaskRegistry registry, ActivityLog activities)
    {
        var functions = typeof(FunctionsServices).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Name: method.GetCustomAttribute<FunctionAttribute>()?.Name))
            .Where(f => f.Name is not null);
        foreach (var (method, name) in functions)
        {
            var parameters = method.GetParameters();
            if (parameters.Any(p => p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null))
            {
                registry.AddOrchestrator(name!, new FunctionOrchestrator(method));
            }
            else if (parameters.SingleOrDefault(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null) is { } trigger)
            {
                registry.AddActivity(name!, services => new FunctionActivity(name!, method, trigger.ParameterType, services, activities));
            }
        }
    }

    /// <summary>
    /// As the Functions extension binds an orchestrator: its input is the first parameter without a binding
    /// (OrchestrationInputConverter), and that parameter's type is the type the input is read as.
    /// </summary>
    private sealed class FunctionOrchestrator(MethodInfo method) : ITaskOrchestrator
    {
        private readonly ParameterInfo? _input = method.GetParameters().FirstOrDefault(p =>
            p.GetCustomAttribute<OrchestrationTriggerAttribute>() is null && p.ParameterType != typeof(CancellationToken) && p.ParameterType != typeof(FunctionContext));

        public Type InputType => _input?.ParameterType ?? typeof(object);

        public Type OutputType => typeof(object);

        public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            await (Task)method.Invoke(null, _input is null ? [context] : [context, input])!;
            return null;
        }
    }

    private sealed class FunctionActivity(string name, MethodInfo method, Type inputType, IServiceProvider services, ActivityLog activities) : ITaskActivity
    {
        public Type InputType => inputType;

        public Type OutputType => method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : method.ReturnType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            activities.Called(name);
            await activities.WaitWhileHeldAsync(name);
            activities.ThrowIfFaulted(name);
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? CancellationToken.None : input).ToArray();
            var result = method.Invoke(target, arguments);
            if (result is not Task task)
            {
                return result;
            }

            await task;
            return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        }
    }
}

/// <summary>
/// Every activity call by name and time; and what a test makes happen: the next N calls of an activity throw, or its
/// calls wait until the test lets them go.
/// </summary>
public sealed class ActivityLog
{
    private readonly ConcurrentQueue<(string Name, DateTimeOffset At)> _calls = new();
    private readonly ConcurrentDictionary<string, int> _faults = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();

    /// <summary>Calls of <paramref name="name"/> wait until <see cref="Release"/>: a run held in the middle.</summary>
    public void Hold(string name) => _holds[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string name)
    {
        if (_holds.TryRemove(name, out var hold))
        {
            hold.SetResult();
        }
    }

    public IReadOnlyList<DateTimeOffset> CallsOf(string name) => _calls.Where(c => c.Name == name).Select(c => c.At).ToList();

    /// <summary>The next <paramref name="calls"/> calls of <paramref name="name"/> throw, as a storage outage would.</summary>
    public void Fail(string name, int calls) => _faults[name] = calls;

    internal void Called(string name) => _calls.Enqueue((name, DateTimeOffset.UtcNow));

    internal Task WaitWhileHeldAsync(string name) => _holds.TryGetValue(name, out var hold) ? hold.Task : Task.CompletedTask;

    internal void ThrowIfFaulted(string name)
    {
        while (_faults.TryGetValue(name, out var left) && left > 0)
        {
            if (_faults.TryUpdate(name, left - 1, left))
            {
                throw new InvalidOperationException($"{name} failed on purpose ({left - 1} more to come)");
            }
        }
    }
}
