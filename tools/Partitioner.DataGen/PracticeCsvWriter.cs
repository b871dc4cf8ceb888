using System.Text;

namespace Partitioner.DataGen;

/// <summary>Writes practices as CSV: <c>practice_code,name,lat,lon,list_size,weighted_list_size,imd_score,spend,ccg_code</c> and, with councils, <c>la_code</c>.</summary>
public static class PracticeCsvWriter
{
    public const string Header = "practice_code,name,lat,lon,list_size,weighted_list_size,imd_score,spend,ccg_code";

    public static string Render(IReadOnlyList<Practice> practices, IReadOnlyList<string>? councils = null)
    {
        var sb = new StringBuilder(practices.Count * 80);
        sb.Append(Header).Append(councils is null ? "" : ",la_code").Append('\n');
        int i = 0;
        foreach (var p in practices)
        {
            sb.Append(p.Code).Append(',').Append(Quote(p.Name)).Append(',')
              .Append(Fmt.Deg(p.Location.Lat)).Append(',').Append(Fmt.Deg(p.Location.Lon)).Append(',')
              .Append(Fmt.Int(p.ListSize)).Append(',').Append(Fmt.Int(p.WeightedListSize)).Append(',').Append(Fmt.Two(p.ImdScore)).Append(',')
              .Append(Fmt.Two(p.Spend)).Append(',').Append(p.CcgCode);
            if (councils is not null) sb.Append(',').Append(councils[i]);
            sb.Append('\n');
            i++;
        }
        return sb.ToString();
    }

    private static string Quote(string field) =>
        field.Contains(',') || field.Contains('"') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
