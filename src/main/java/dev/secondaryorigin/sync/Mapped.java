package dev.secondaryorigin.sync;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.function.Function;

/** A collection seen through a function, element by element: no copy of a million-URL list. */
final class Mapped<A, B> extends AbstractCollection<B> {
    private final Collection<A> source;
    private final Function<A, B> f;

    private Mapped(Collection<A> source, Function<A, B> f) {
        this.source = source;
        this.f = f;
    }

    static <A, B> Collection<B> of(Collection<A> source, Function<A, B> f) {
        return new Mapped<>(source, f);
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Iterator<B> iterator() {
        Iterator<A> it = source.iterator();
        return new Iterator<B>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public B next() {
                return f.apply(it.next());
            }
        };
    }
}
