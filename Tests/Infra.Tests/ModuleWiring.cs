using System.Text.RegularExpressions;
using Infra.Tests.Bicep;

namespace Infra.Tests;

/// <summary>Cross-file checks a Bicep compiler would make: module paths, parameters and outputs.</summary>
public static partial class ModuleWiring
{
    public static IReadOnlyList<string> Check(BicepProject project)
    {
        var problems = new List<string>();
        foreach (var file in project.Files)
        {
            var directory = Path.GetDirectoryName(file.Path) ?? "";
            var targets = new Dictionary<string, BicepFile>();
            foreach (var module in file.Modules)
            {
                var targetPath = Path.GetRelativePath(".", Path.Combine(directory, module.Path)).Replace('\\', '/');
                var target = project.Files.FirstOrDefault(f => f.Path == targetPath);
                if (target is null)
                {
                    problems.Add($"{file.Path}:{module.Line} module {module.Symbol}: no file {targetPath}");
                    continue;
                }

                targets[module.Symbol] = target;
                var passed = module.Body.At("params")?.AsObject()?.Properties.Select(p => p.Name).ToList() ?? [];
                foreach (var unknown in passed.Except(target.Parameters.Select(p => p.Name)))
                {
                    problems.Add($"{file.Path}:{module.Line} module {module.Symbol} passes {unknown}, which {target.Path} does not declare");
                }

                foreach (var missing in target.Parameters.Where(p => p.DefaultValue is null).Select(p => p.Name).Except(passed))
                {
                    problems.Add($"{file.Path}:{module.Line} module {module.Symbol} does not pass required {missing} of {target.Path}");
                }
            }

            foreach (Match use in OutputUse().Matches(AllExpressionText(file)))
            {
                var symbol = use.Groups[1].Value;
                var output = use.Groups[2].Value;
                if (targets.TryGetValue(symbol, out var target) && target.Outputs.All(o => o.Name != output))
                {
                    problems.Add($"{file.Path}: {symbol}.outputs.{output} is not an output of {target.Path}");
                }
            }
        }

        return problems;
    }

    private static string AllExpressionText(BicepFile file)
    {
        var values = file.Resources.Select(r => r.Body)
            .Concat(file.Modules.Select(m => m.Body))
            .Concat(file.Variables.Select(v => v.Value))
            .Concat(file.Outputs.Select(o => o.Value));
        return string.Join('\n', values.SelectMany(Texts));
    }

    private static IEnumerable<string> Texts(BicepValue value) => value switch
    {
        BicepExpression expression => [expression.Text],
        BicepString text => [text.Text],
        BicepObject obj => obj.Properties.SelectMany(p => Texts(p.Value)),
        BicepArray array => array.Items.SelectMany(Texts),
        BicepConditional conditional => Texts(conditional.Body).Append(conditional.Condition),
        BicepLoop loop => Texts(loop.Body).Append(loop.Header),
        _ => [],
    };

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\.outputs\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex OutputUse();
}
