namespace Partitioner.Exact.Cbc;

/// <summary>Thrown when the CBC shared library (<c>libCbcSolver.so.3</c>) cannot be loaded.</summary>
public sealed class CbcNotInstalledException : InvalidOperationException
{
    /// <summary>The message planners and operators see.</summary>
    public const string Explanation =
        "CBC is not installed: install the Debian package coinor-libcbc3 (apt-get install coinor-libcbc3)";

    /// <summary>Wraps the loader's exception.</summary>
    public CbcNotInstalledException(Exception inner) : base(Explanation + ". (" + inner.Message + ")", inner)
    {
    }
}
