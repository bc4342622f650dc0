package de.bwaldvogel.mongo.backend;

import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's projection is package-private; the wire store applies it to the few documents it cannot
 * project on their bytes (an array of documents under a nested inclusion), so that both agree exactly.
 */
public final class ProjectionBridge {
    private ProjectionBridge() {}

    public static Document project(Document fields, String idField, Document document) {
        return new Projection(fields, idField).projectDocument(document);
    }
}
