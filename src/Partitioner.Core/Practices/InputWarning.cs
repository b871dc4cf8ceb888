namespace Partitioner.Core.Practices;

/// <summary>Something the reader or a later step did to the input that the user should know about.</summary>
public sealed record InputWarning(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}
