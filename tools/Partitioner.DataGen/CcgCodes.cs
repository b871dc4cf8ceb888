namespace Partitioner.DataGen;

/// <summary>Names group indices as 3-character codes: a band letter (north to south) and two digits.</summary>
public static class CcgCodes
{
    /// <summary>Returns each practice's code, e.g. <c>N01</c>, <c>M17</c>, <c>S42</c>.</summary>
    public static string[] Name(IReadOnlyList<Practice> practices, int[] group, int groups, string bandLetters)
    {
        var lat = new double[groups];
        var lon = new double[groups];
        var count = new int[groups];
        for (int i = 0; i < practices.Count; i++)
        {
            lat[group[i]] += practices[i].Location.Lat;
            lon[group[i]] += practices[i].Location.Lon;
            count[group[i]]++;
        }
        var order = new int[groups];
        for (int c = 0; c < groups; c++)
        {
            order[c] = c;
            if (count[c] > 0) { lat[c] /= count[c]; lon[c] /= count[c]; }
        }
        Array.Sort(order, (a, b) => lat[b] != lat[a] ? lat[b].CompareTo(lat[a]) : lon[a].CompareTo(lon[b]));

        var code = new string[groups];
        int perBand = (groups + bandLetters.Length - 1) / bandLetters.Length;
        if (perBand > 99)
            throw new ArgumentException($"{groups} groups need more than 99 per band; add band letters.", nameof(bandLetters));
        for (int rank = 0; rank < groups; rank++)
        {
            int band = rank / perBand;
            code[order[rank]] = bandLetters[band] + ((rank % perBand) + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = new string[practices.Count];
        for (int i = 0; i < result.Length; i++) result[i] = code[group[i]];
        return result;
    }
}
