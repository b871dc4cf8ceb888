namespace Partitioner.Core.Solving.Search.Moves;

/// <summary>The end of a move made of two practice moves (a swap, a counterweighted move), the first already applied.</summary>
internal static class MovePair
{
    /// <summary>
    /// Applies the measured <paramref name="second"/> move and counts the pair as taken; unless the pair improves on the
    /// best plan, logs both practices' consortia before it (<paramref name="firstFrom"/> of <paramref name="first"/>, then
    /// the second's), so the best plan can be restored.
    /// </summary>
    public static void Complete(RestartContext ctx, int first, int firstFrom, in MoveDelta second)
    {
        var st = ctx.State;
        var log = ctx.Log;
        bool better = log.Improves(st.Objective + second.Objective, st.Violation + second.Violation);
        if (!better && log.Logging)
        {
            log.Record(first, firstFrom);
            log.Record(second.Practice, second.From);
        }
        st.ApplyMove(second);
        ctx.MovesAccepted += 2;
        log.Moved(better, ctx.Step);
    }
}
