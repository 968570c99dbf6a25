using System.Net.Sockets;
using Sluice.Problems;

namespace Sluice.Domain.Tests;

/// <summary>What a client sees when a transport fails: a dependency fault is a 503 with Retry-After, never a 500.</summary>
public class ExceptionProblemsTests
{
    [Fact]
    public void A_failing_Service_Bus_as_its_adapter_reports_it_is_503_storage_unavailable()
    {
        var problem = ExceptionProblems.FromException(new DependencyUnavailableException("Service Bus", new InvalidOperationException("The connection was inactive.")));

        Assert.Equal(ProblemTypes.StorageUnavailable, problem.Type);
        Assert.Equal(ExceptionProblems.StorageRetryAfter, problem.RetryAfter);
        Assert.Equal("Service Bus did not answer; retry later.", problem.Detail);
    }

    [Fact]
    public void A_wrapped_dependency_fault_counts_as_one_for_ingestion()
    {
        Assert.True(ExceptionProblems.IsStorageFault(new AggregateException(new DependencyUnavailableException("Service Bus", new SocketException()))));
        Assert.False(ExceptionProblems.IsStorageFault(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_raw_socket_error_is_a_dependency_fault_not_a_bug()
    {
        Assert.True(ExceptionProblems.IsStorageFault(new SocketException(107)));
        Assert.Equal(ProblemTypes.StorageUnavailable, ExceptionProblems.FromException(new SocketException(104)).Type);
    }
}
