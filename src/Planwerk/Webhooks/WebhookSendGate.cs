using System.Collections.Concurrent;

namespace Planwerk.Webhooks;

/// <summary>
/// Makes the owner's webhook switch exact in this process (PRODUCT.md rule 3): a delivery may start
/// its request only through the gate of its cloud, and switching webhooks off closes the gate and
/// waits until every request that was starting has been handed to the network. So once the switch
/// returns, no request for that cloud starts any more. Other processes (the CLI, other instances)
/// are covered by the worker's database re-check right before each request.
/// </summary>
public sealed class WebhookSendGate
{
    private readonly ConcurrentDictionary<Guid, State> clouds = new();

    /// <summary>Enters the start phase of a request; false while the cloud's gate is closed.</summary>
    public bool TryEnter(Guid cloudId)
    {
        var state = clouds.GetOrAdd(cloudId, _ => new State());
        lock (state)
        {
            if (state.Closed)
            {
                return false;
            }

            state.Starting++;
            return true;
        }
    }

    /// <summary>Ends the start phase (the request's bytes are on their way).</summary>
    public void Exit(Guid cloudId)
    {
        var state = clouds[cloudId];
        lock (state)
        {
            state.Starting--;
            if (state.Starting == 0)
            {
                state.Drained.TrySetResult();
            }
        }
    }

    /// <summary>Closes the gate and waits for requests in their start phase.</summary>
    public Task CloseAsync(Guid cloudId, CancellationToken ct)
    {
        var state = clouds.GetOrAdd(cloudId, _ => new State());
        lock (state)
        {
            state.Closed = true;
            if (state.Starting == 0)
            {
                return Task.CompletedTask;
            }

            state.Drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return state.Drained.Task.WaitAsync(ct);
        }
    }

    public void Open(Guid cloudId)
    {
        var state = clouds.GetOrAdd(cloudId, _ => new State());
        lock (state)
        {
            state.Closed = false;
        }
    }

    private sealed class State
    {
        public bool Closed { get; set; }
        public int Starting { get; set; }
        public TaskCompletionSource Drained { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
