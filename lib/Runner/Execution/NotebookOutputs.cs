using System.Globalization;
using LlmWorkbook.Runner.Protocol;

namespace LlmWorkbook.Runner.Execution;

/// <summary>
/// Every output of every cell in one run, and the display ids through which a later cell may replace an output in
/// place. Consecutive writes to the same console stream become one output, as VS Code saves them, held as
/// <see cref="CappedText"/> (linear to append, bounded in memory). A cell keeps at most
/// <see cref="MaxOutputsPerCell"/> outputs and <see cref="MaxCharactersPerCell"/> characters; what comes after is
/// counted and named in a closing note. What it hands out is a read-only copy, with secrets redacted from the joined
/// text (a key written in two pieces is still found), that later outputs and updates never change.
/// </summary>
internal sealed class NotebookOutputs(SecretRedactor redactor)
{
    /// <summary>Outputs one cell keeps.</summary>
    public const int MaxOutputsPerCell = 10_000;

    /// <summary>Characters one cell keeps over all its outputs.</summary>
    public const long MaxCharactersPerCell = 10L * CappedText.DefaultLimit;

    private readonly Dictionary<int, CellOutputs> _cells = [];
    private readonly Dictionary<string, Slot> _displays = [];

    /// <summary>Adds an output to the cell at <paramref name="cell"/> (its index in the file).</summary>
    public void Add(int cell, CellOutput output)
    {
        if (!_cells.TryGetValue(cell, out var outputs))
        {
            _cells[cell] = outputs = new CellOutputs();
        }
        var slots = outputs.Slots;
        if (output is StreamOutput stream && slots.Count > 0 && slots[^1].StreamName == stream.StreamName)
        {
            // Once anything is dropped, everything after it is, so the kept outputs stay in their order.
            if (outputs.Dropped > 0 || outputs.Characters >= MaxCharactersPerCell)
            {
                outputs.Dropped++;
                return;
            }
            var text = slots[^1].Text!;
            var before = text.Length;
            text.Append(stream.Text);
            outputs.Characters += text.Length - before;
            return;
        }
        if (slots.Count >= MaxOutputsPerCell || outputs.Characters >= MaxCharactersPerCell)
        {
            outputs.Dropped++;
            return;
        }
        Slot slot;
        if (output is StreamOutput first)
        {
            slot = new Slot { StreamName = first.StreamName, Text = new CappedText() };
            slot.Text.Append(first.Text);
            outputs.Characters += slot.Text.Length;
        }
        else
        {
            slot = new Slot { Output = output };
            outputs.Characters += output switch
            {
                DisplayOutput display => display.Data.Values.Sum(v => (long)v.Length),
                _ => output.PlainText.Length,
            };
        }
        slots.Add(slot);
        if (output is DisplayOutput { DisplayId: { } displayId })
        {
            _displays[displayId] = slot;
        }
    }

    /// <summary>Replaces the data of the display with <paramref name="displayId"/>, in whichever cell it is; an unknown id is ignored.</summary>
    public void Update(string displayId, IReadOnlyDictionary<string, string> data)
    {
        if (_displays.TryGetValue(displayId, out var slot))
        {
            slot.Output = new DisplayOutput(data, displayId);
        }
    }

    /// <summary>The outputs of the cell at <paramref name="cell"/> as they are now, redacted.</summary>
    public IReadOnlyList<CellOutput> Of(int cell)
    {
        if (!_cells.TryGetValue(cell, out var outputs))
        {
            return [];
        }
        var copy = outputs.Slots.Select(Redacted).ToList();
        if (outputs.Dropped > 0)
        {
            copy.Add(new StreamOutput("stdout", string.Create(CultureInfo.InvariantCulture,
                $"\n[… {outputs.Dropped:N0} further outputs and writes dropped: a cell keeps at most {MaxOutputsPerCell:N0} outputs and {MaxCharactersPerCell:N0} characters …]\n")));
        }
        return copy.AsReadOnly();
    }

    private CellOutput Redacted(Slot slot) => slot.Output switch
    {
        null => new StreamOutput(slot.StreamName!, redactor.Redact(slot.Text!.ToString())),
        DisplayOutput display => display with { Data = display.Data.ToDictionary(kv => kv.Key, kv => redactor.Redact(kv.Value)).AsReadOnly() },
        ErrorOutput error => new ErrorOutput(redactor.Redact(error.Text)),
        var other => other,
    };

    /// <summary>One cell's outputs, the characters they hold, and how many more were dropped.</summary>
    private sealed class CellOutputs
    {
        public List<Slot> Slots { get; } = [];

        public long Characters { get; set; }

        public long Dropped { get; set; }
    }

    /// <summary>An output, or the text of a console stream still being written.</summary>
    private sealed class Slot
    {
        public CellOutput? Output { get; set; }

        public string? StreamName { get; init; }

        public CappedText? Text { get; init; }
    }
}
