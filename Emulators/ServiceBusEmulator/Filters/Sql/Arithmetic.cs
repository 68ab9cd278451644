using System.Globalization;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>+ - * / % over numbers (integers stay integers), and + as string concatenation.</summary>
internal static class Arithmetic
{
    public static object? Apply(string @operator, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (@operator == "+" && left is string ls && right is string rs)
        {
            return ls + rs;
        }

        if (!SqlValue.IsNumber(left) || !SqlValue.IsNumber(right))
        {
            return null;
        }

        if (SqlValue.IsInteger(left) && SqlValue.IsInteger(right))
        {
            var a = Convert.ToInt64(left, CultureInfo.InvariantCulture);
            var b = Convert.ToInt64(right, CultureInfo.InvariantCulture);
            return @operator switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                "/" => b == 0 ? null : a / b,
                _ => b == 0 ? null : a % b,
            };
        }

        var x = Convert.ToDouble(left, CultureInfo.InvariantCulture);
        var y = Convert.ToDouble(right, CultureInfo.InvariantCulture);
        return @operator switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => x / y,
            _ => x % y,
        };
    }

    public static object? Negate(object? value) => value switch
    {
        null => null,
        double d => -d,
        float f => -f,
        decimal m => -m,
        _ when SqlValue.IsInteger(value) => -Convert.ToInt64(value, CultureInfo.InvariantCulture),
        _ => null,
    };
}
