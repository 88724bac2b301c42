// EPUBCheck over several books in one JVM: java -cp epubcheck.jar EpubCheckBatch.java BOOK...
// writes BOOK.json beside each. Its command line checks one book a run, most of which is the
// JVM loading and warming the same schemas; here they are loaded once (benchmarks/README.md).
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckBatch {
    public static void main(String[] books) {
        for (String book : books) {
            new EpubChecker().run(new String[] {book, "--json", book + ".json", "-q"});
        }
    }
}
