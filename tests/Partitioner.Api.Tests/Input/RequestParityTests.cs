extern alias cli;

using Partitioner.Api.Contracts;
using Partitioner.Api.Input;
using Partitioner.Core.Practices;
using Partitioner.Core.Studies;
using SolveCommand = cli::Partitioner.Cli.Commands.SolveCommand;

namespace Partitioner.Api.Tests.Input;

/// <summary>
/// The command line and the HTTP API state the same solve request in their own syntax: one table of cases is mapped
/// through both (the CLI's <c>solve</c> arguments and the API's JSON options) and must give the same Core request, or
/// the same problems with the same messages.
/// </summary>
public sealed class RequestParityTests
{
    public static TheoryData<string, string> Same => new()
    {
        { "", "{}" },
        { "--min 200000 --max 600000", """{"min": 200000, "max": 600000}""" },
        { "--balance deprivation=0.2 --balance spend=15abs", """{"balance": "deprivation=0.2,spend=15abs"}""" },
        { "--balance deprivation=0.2 --balance spend=15abs", """{"balance": {"deprivation": 0.2, "spend": {"tolerance": 15, "kind": "absolute"}}}""" },
        { "--balance deprivation=20% --balance imd=0.25", """{"balance": ["deprivation=20%", "imd=0.25"]}""" },
        { "--balance deprivation=20%", """{"balance": {"deprivation": "20%"}}""" },
        { "--deprived-share 0.3", """{"deprived_share": 0.3}""" },
        { "--count-min 5 --count-max 9 --prefer fewest", """{"count_min": 5, "count_max": 9, "count_preference": "fewest"}""" },
        { "--prefer most", """{"count_preference": "most"}""" },
        { "--target-size 500000", """{"target_size": 500000}""" },
        { "--target-size 500000 --prefer none", """{"target_size": 500000, "count_preference": "none"}""" },
        { "--objective spread=0.5 --objective disruption=2 --group-by ccg_code", """{"objective": {"spread": 0.5, "disruption": 2}, "group_by": "ccg_code"}""" },
        { "--objective disruption=2 --group-by ccg_code", """{"objective": {"disruption": 2}, "disruption_field": "ccg_code"}""" },
        { "--objective boundary=1.5", """{"objective": {"boundary": 1.5}}""" },
        { "--lock A81001=North --lock A81002=North", """{"locks": {"A81001": "North", "A81002": "North"}}""" },
        { "--seed 7 --time 30 --max-steps 1000 --restarts 2 --threads 1 --mode best-effort", """{"seed": 7, "time_limit_seconds": 30, "max_steps": 1000, "restarts": 2, "threads": 1, "mode": "best_effort"}""" },
        { "--exact --recombine", """{"exact": true, "recombine": true}""" },
        { "--recut", """{"recut": true}""" },
        { "--localities 30000", """{"localities": 30000}""" },
        { "--crs bng --missing mean --no-bridges", """{"crs": "bng", "missing": "mean", "bridge_islands": false}""" },
        { "--council-field la_code_2014", """{"council_field": "la_code_2014"}""" },
        { "--objective coterminosity=2", """{"objective": {"coterminosity": 2}}""" },
        { "--whole-councils --council-field la_code_2014", """{"whole_councils": true, "council_field": "la_code_2014"}""" },
        { "--council-field icb_code_2022 --balance deprivation=0.15", """{"council_field": " icb_code_2022 ", "balance": "deprivation=0.15"}""" },
        { "--field code=ods_code --field patients=registered", """{"fields": {"code": "ods_code", "patients": "registered"}}""" },
        { "--objective risk=2 --risk-reserve 0.03", """{"objective": {"risk": 2}, "risk": {"reserve": 0.03}}""" },
        { "--federations 500000 --federation-max 1500000 --federation-prefer fewest --federation-count-max 20 --federation-balance deprivation=0.1 --federation-lock C1=F",
            """{"federations": {"min": 500000, "max": 1500000, "count_preference": "fewest", "count_max": 20, "balance": "deprivation=0.1", "locks": {"C1": "F"}}}""" },
        { "--federations 500000 --agencies 1000000 --agency-max 5000000", """{"federations": {"min": 500000}, "agencies": {"min": 1000000, "max": 5000000}}""" },
        { "--federations 500000 --agencies 1000000 --agency-prefer fewest --agency-count-max 3 --agency-balance deprivation=0.2 --agency-lock F1=North",
            """{"federations": {"min": 500000}, "agencies": {"min": 1000000, "count_preference": "fewest", "count_max": 3, "balance": "deprivation=0.2", "locks": {"F1": "North"}}}""" },
        { "--max-overspend-risk 0.05 --risk-cv 3 --risk-practice-sd 0.01 --reserves 0.01,0.03",
            """{"max_overspend_risk": 0.05, "risk": {"cv": 3, "practice_sd": 0.01, "reserves": [0.01, 0.03]}}""" },
        { "--mosaic-distance 2 --mosaic-density 5000", """{"mosaic": {"distance_km": 2, "min_density": 5000}}""" },
        { "--group-by ccg_code --max-moves 100 --pace-cap 0.03", """{"group_by": "ccg_code", "max_moves": 100, "pace_cap": 0.03}""" },
        { "--group-by ccg_code --max-moved-patients 50000", """{"group_by": "ccg_code", "max_moved_patients": 50000}""" },
    };

    [Fact]
    public void The_api_objective_has_a_member_for_every_term_the_command_line_weighs()
    {
        var members = typeof(ObjectiveWeights).GetProperties().Select(p => p.Name.ToLowerInvariant()).Order().ToArray();
        Assert.Equal(RequestText.WeightedObjectiveTerms.Order().ToArray(), members);
    }

    [Theory]
    [MemberData(nameof(Same))]
    public void An_option_means_the_same_on_the_command_line_and_in_the_api(string cli, string api)
    {
        var fromCli = SolveCommand.Map(Args(cli));
        var fromApi = Api(api);
        Assert.Equal(fromCli.ToJson().ToJsonString(), fromApi.ToJson().ToJsonString());
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "--min 0", """{"min": 0}""", "min" },
        { "--min 800000", """{"min": 800000}""", "min" },
        { "--max 1e12", """{"max": 1e12}""", "max" },
        { "--count-min 9 --count-max 5", """{"count_min": 9, "count_max": 5}""", "count_min" },
        { "--count-max 0", """{"count_max": 0}""", "count_max" },
        { "--prefer sometimes", """{"count_preference": "sometimes"}""", "count_preference" },
        { "--prefer nearest", """{"count_preference": "nearest"}""", "count_preference" },
        { "--balance deprivation=-1", """{"balance": "deprivation=-1"}""", "balance" },
        { "--balance wealth=0.2", """{"balance": "wealth=0.2"}""", "balance.wealth" },
        { "--balance deprivation", """{"balance": "deprivation"}""", "balance" },
        { "--deprived-share 1.5", """{"deprived_share": 1.5}""", "deprived_share" },
        { "--objective disruption=1", """{"objective": {"disruption": 1}}""", "objective.disruption" },
        { "--mode sometimes", """{"mode": "sometimes"}""", "mode" },
        { "--objective boundary=-1", """{"objective": {"boundary": -1}}""", "objective.boundary" },
        { "--time 0", """{"time_limit_seconds": 0}""", "time_limit_seconds" },
        { "--max-steps 0", """{"max_steps": 0}""", "max_steps" },
        { "--restarts 0", """{"restarts": 0}""", "restarts" },
        { "--crs mercator", """{"crs": "mercator"}""", "crs" },
        { "--missing ignore", """{"missing": "ignore"}""", "missing" },
        { "--field height=h", """{"fields": {"height": "h"}}""", "fields.height" },
        { "--threads 0", """{"threads": 0}""", "threads" },
        { "--localities 0", """{"localities": 0}""", "localities" },
        { "--risk-reserve 1.5", """{"risk": {"reserve": 1.5}}""", "risk.reserve" },
        { "--objective risk=-1", """{"objective": {"risk": -1}}""", "objective.risk" },
        { "--objective coterminosity=1 --objective disruption=1 --group-by ccg_code", """{"objective": {"coterminosity": 1, "disruption": 1}, "group_by": "ccg_code"}""", "objective.coterminosity" },
        { "--whole-councils --recombine", """{"whole_councils": true, "recombine": true}""", "whole_councils" },
        { "--recut --objective boundary=1", """{"recut": true, "objective": {"boundary": 1}}""", "recut" },
        { "--recut --whole-councils --council-field la_code_2014", """{"recut": true, "whole_councils": true, "council_field": "la_code_2014"}""", "recut" },
        { "--whole-councils --deprived-share 0.3", """{"whole_councils": true, "deprived_share": 0.3}""", "whole_councils" },
        { "--federations 500000 --exact", """{"federations": {"min": 500000}, "exact": true}""", "exact" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_bad_option_is_refused_with_the_same_message_on_both_sides(string cli, string api, string field)
    {
        var fromCli = Assert.Throws<InputException>(() => SolveCommand.Map(Args(cli))).Problems;
        var fromApi = Assert.Throws<InputException>(() => Api(api)).Problems;
        Assert.Contains(fromApi, p => p.Field == field);
        Assert.Equal(fromApi.Select(p => p.Message).Order(), fromCli.Select(p => p.Message).Order());
        // Each side names the option its own way: the API by its JSON name, the command line by its flag.
        var option = RequestOption.Find(field)!;
        Assert.Contains(fromCli, p => p.Where == option.Flag);
    }

    private static string[] Args(string cli) =>
        ["data/region/practices.geojson", "--out", "unused", .. cli.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static StudyRequest Api(string json)
    {
        var options = RequestReader.ParseOptions(System.Text.Encoding.UTF8.GetBytes(json), "options");
        return RequestMapping.From(options, new StudyRequest().TimeLimitSeconds, new RequestLimits());
    }
}
