import java.io.File;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/** Load an ontology document with the OWL API and print what it sees: named and anonymous
 *  individuals, the ontology IRI and version IRI, and the OWL 2 DL profile violations. */
public class OwlApiCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        System.out.println("ontology=" + ontology.getOntologyID().getOntologyIRI());
        System.out.println("version=" + ontology.getOntologyID().getVersionIRI());
        System.out.println("named=" + ontology.getIndividualsInSignature().size());
        System.out.println("anonymous=" + ontology.getReferencedAnonymousIndividuals().size());
        System.out.println("violations=" + report.getViolations().size());
        int shown = 0;
        for (OWLProfileViolation violation : report.getViolations()) {
            if (shown++ == 20) break;
            System.out.println("violation: " + violation);
        }
    }
}
