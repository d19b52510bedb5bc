package dev.secondaryorigin.store;

/** The store contract on a directory. */
class LocalStoreContractTest extends ObjectStoreContract {
    @Override
    protected ObjectStore newStore() throws Exception {
        return new LocalStore(tmp.resolve("backup"));
    }
}
