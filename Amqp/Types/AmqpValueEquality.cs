using System.Collections;

namespace Amqp.Types;

/// <summary>Structural equality for decoded AMQP values (binary by content, lists and maps element-wise).</summary>
public static class AmqpValueEquality
{
    public static bool AreEqual(object? left, object? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null)
        {
            return false;
        }

        if (left is byte[] leftBytes && right is byte[] rightBytes)
        {
            return leftBytes.AsSpan().SequenceEqual(rightBytes);
        }

        if (left is IDictionary leftMap && right is IDictionary rightMap)
        {
            if (leftMap.Count != rightMap.Count)
            {
                return false;
            }

            foreach (DictionaryEntry entry in leftMap)
            {
                if (!rightMap.Contains(entry.Key) || !AreEqual(entry.Value, rightMap[entry.Key]))
                {
                    return false;
                }
            }

            return true;
        }

        if (left is IList leftList && right is IList rightList && left is not string)
        {
            if (leftList.Count != rightList.Count)
            {
                return false;
            }

            for (var i = 0; i < leftList.Count; i++)
            {
                if (!AreEqual(leftList[i], rightList[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if (left is IReadOnlyList<object?> leftItems && right is IReadOnlyList<object?> rightItems)
        {
            return leftItems.Count == rightItems.Count && leftItems.Zip(rightItems).All(pair => AreEqual(pair.First, pair.Second));
        }

        return left.GetType() == right.GetType() && left.Equals(right);
    }
}
