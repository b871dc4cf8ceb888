using System.CommandLine;
using System.Globalization;
using Partitioner.Core.Files;
using Partitioner.Core.Imports;
using Partitioner.Core.Practices;

namespace Partitioner.Cli.Commands;

/// <summary><c>partitioner import</c>: builds a practice file from the official NHS files.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var payments = new Option<string>("--payments") { Description = "NHS Payments to General Practice, practice level (CSV as published).", Required = true };
        var postcodes = new Option<string>("--postcodes") { Description = "Postcode → coordinate table (postcode with lat/lon or easting/northing), e.g. OS Code-Point Open.", Required = true };
        var patients = new Option<string?>("--patients") { Description = "Patients Registered at a GP Practice (totals); its list sizes replace the payments file's." };
        var imd = new Option<string?>("--imd") { Description = "IMD score by practice (Fingertips: AreaCode, Year, Value)." };
        var imdYear = new Option<int?>("--imd-year") { Description = "IMD vintage to take from --imd (e.g. 2015); default the latest in the file." };
        var sectors = new Option<string?>("--sectors") { Description = "Postcode-sector centroids: a coarse fallback for postcodes the table lacks." };
        var asOf = new Option<string?>("--as-of") { Description = "The data's date (yyyy-mm-dd): practices closed before it are left out. Default: every practice with a close date is left out." };
        var output = new Option<string>("--out") { Description = "The practice file to write (CSV).", Required = true };
        var command = new Command("import", "Build a practice file (CSV with the default column names) from the official NHS files.")
        {
            payments, postcodes, patients, imd, imdYear, sectors, asOf, output,
        };
        command.SetAction(r => CommandRunner.Run(() =>
        {
            DateOnly? date = null;
            if (r.GetValue(asOf) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    throw new InputException("--as-of", "date", text, "Give the date as yyyy-mm-dd, e.g. 2015-03-31.");
                date = d;
            }
            var sources = new ImportSources
            {
                Payments = r.GetValue(payments)!,
                Postcodes = r.GetValue(postcodes)!,
                Patients = r.GetValue(patients),
                Deprivation = r.GetValue(imd),
                Sectors = r.GetValue(sectors),
            };
            var result = PracticeImport.Run(sources, new ImportOptions { AsOf = date, DeprivationYear = r.GetValue(imdYear) });
            string path = r.GetValue(output)!;
            AtomicFile.Write(path, s => PracticeImport.WriteCsv(s, result.Practices));
            foreach (var w in result.LeftOut) Console.Error.WriteLine($"  left out: {w}");
            foreach (var n in result.Notes) Console.Error.WriteLine($"  note: {n}");
            foreach (var u in result.Unplaced) Console.Error.WriteLine($"  not placed: {u}");
            Console.WriteLine($"Wrote {result.Practices.Count:N0} practices ({result.Practices.Sum(p => p.Patients):N0} patients) to {path}; " +
                $"{result.LeftOut.Count:N0} left out (closed or without patients), {result.Unplaced.Count:N0} not placed (listed above with the reason).");
            return 0;
        }));
        return command;
    }
}
