namespace LlmWorkbook.Rag;

/// <summary>
/// A piece of one address for retrieval, with where it comes from. The packaged addresses have no paragraph breaks,
/// so a chunk's place is its range of sentences (<see cref="FineTuning.SentenceSplitter"/>, counted from 0).
/// </summary>
/// <param name="Id">Unique within a chunking of the corpus: year, president's surname and chunk number, e.g. "1862-lincoln-004".</param>
/// <param name="Year">The address's year.</param>
/// <param name="President">Who gave it.</param>
/// <param name="Party">The party's name (<see cref="Tokenization.CourseCorpus.Address.PartyName"/>).</param>
/// <param name="FirstSentence">The first sentence the chunk overlaps.</param>
/// <param name="LastSentence">The last sentence the chunk overlaps.</param>
/// <param name="Text">The chunk's text.</param>
public sealed record Chunk(string Id, int Year, string President, string Party, int FirstSentence, int LastSentence, string Text);
